"""Writers for every output file; each takes a Timeline and writes one format."""
