"""The `steer` command line."""
