"""serve/cli stage."""
