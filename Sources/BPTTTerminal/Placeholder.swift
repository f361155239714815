import CNcurses
public enum BPTTTerminalPlaceholder {}
