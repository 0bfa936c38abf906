"""Stage 1, text: read a file, clean pasted text, find its structure, split it into
sentences, spell out numbers, apply the lexicon and lay out the spoken script (all pure
but `read`, which reads files)."""
