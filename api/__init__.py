"""planlink HTTP API (placeholder until the API issue lands)."""
