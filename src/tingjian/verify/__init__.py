"""Hearing the narration back: an offline speech recogniser transcribes every cue and the
transcript is compared with what the cue should say (`tingjian[verify]`)."""
