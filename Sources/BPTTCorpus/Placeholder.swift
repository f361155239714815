public enum BPTTCorpusPlaceholder {}
