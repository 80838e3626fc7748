"""Load YAML rule packs into a RuleSet."""
