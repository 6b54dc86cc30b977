/// Placeholder
public enum DefaultTemplates {}
