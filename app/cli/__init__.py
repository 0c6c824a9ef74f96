"""The command line: the parser (every command's arguments), the runner (a command's module
imported when it runs, by name: a regular package, so that the installed build's walk of
``app`` finds them), the context and prompts."""
