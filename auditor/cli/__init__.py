"""The `auditor` command line: main, terminal output, one module per subcommand (commands/)."""
