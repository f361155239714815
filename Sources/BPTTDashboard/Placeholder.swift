public enum BPTTDashboardPlaceholder {}
