"""tingjian (听见): turn a Chinese article into a finished, chaptered audio feature.

    import tingjian
    episode = tingjian.make("notice.txt", output_dir="audio_out", engine="kokoro")
    print(episode.files["mp3"], episode.duration_ms, [c.title for c in episode.chapters])

    plan = tingjian.plan(text="关于开展老年人免费体检的通知\\n\\n……")
    for chapter in plan.chapters:
        print(chapter.title, [cue.speech for cue in chapter.cues])

`make_async` / `plan_async` are the same for code that runs an event loop.
"""

from .api import article_text, make, make_async, plan, plan_async, preview, preview_async, run_sync
from .errors import (
    AudioError,
    Cancelled,
    ConfigError,
    EngineUnavailable,
    FailedCue,
    InputError,
    NoArticleText,
    OutputError,
    SynthesisError,
    TingjianError,
)
from .results import Chapter, DroppedLine, Episode, Plan, PlanChapter, PlanCue, PlanInput, Reporter, SilentReporter
from .settings import Announcements, Pauses, Settings, make_settings
from .version import __version__

__all__ = [
    "Announcements",
    "AudioError",
    "Cancelled",
    "Chapter",
    "ConfigError",
    "DroppedLine",
    "EngineUnavailable",
    "Episode",
    "FailedCue",
    "InputError",
    "NoArticleText",
    "OutputError",
    "Pauses",
    "Plan",
    "PlanChapter",
    "PlanCue",
    "PlanInput",
    "Reporter",
    "Settings",
    "SilentReporter",
    "SynthesisError",
    "TingjianError",
    "__version__",
    "article_text",
    "make",
    "make_async",
    "make_settings",
    "plan",
    "plan_async",
    "preview",
    "preview_async",
    "run_sync",
]
