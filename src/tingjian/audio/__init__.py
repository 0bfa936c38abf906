"""Stage 3, audio: ffmpeg processes, MP3 frames, decoding, loudness math, mastering,
music, the timeline and encoding."""
