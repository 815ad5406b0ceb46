public enum TermPlaceholder {}
