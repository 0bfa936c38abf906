"""Stage 2, speech: engines (Edge online, Kokoro offline) behind one interface, the
choice between them, synthesis of a whole script with retries and throttling, and the
cache of synthesized sentences."""
