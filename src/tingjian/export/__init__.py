"""Stage 4, export: every output file (MP3 tags and chapters, M4B, chapter tracks, captions,
transcripts), the manifest, and how a finished episode is published into its folder."""
