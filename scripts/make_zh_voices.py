"""Make the offline voice's Mandarin voice tables (src/tingjian/speech/voices_zh.npz) from
Kokoro-82M v1.0's eight Mandarin voices (Apache-2.0, hexgrad/Kokoro-82M), as the npm package
`kokoro-js` 1.2.1 (Apache-2.0) ships them: `package/voices/<name>.bin`, 510x256 float32 each.

No PyPI package carries them, so tingjian does (3.8 MB, float32 as published: rounded to
float16, the tables give measurably different audio). Each file is checked against its sha256.

    npm pack kokoro-js@1.2.1 && python scripts/make_zh_voices.py kokoro-js-1.2.1.tgz
"""

from __future__ import annotations

import argparse
import hashlib
import io
import tarfile
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "src" / "tingjian" / "speech" / "voices_zh.npz"

#: sha256 of each voice file in kokoro-js 1.2.1.
VOICES = {
    "zf_xiaobei": "5dde6e1c9c4f12c8b327bc29c0cee361a23b52b952c04636858ba637ec66e640",
    "zf_xiaoni": "08892b62a39af0a615cd0581238db7e19e44c578e8fa0bfd0e586e93327d9cba",
    "zf_xiaoxiao": "03adb5d5e3ddd88b047954e974e651cb0a4b524c985057e5d872e962c7be1169",
    "zf_xiaoyi": "bc1555c5c486099196ac254bae5e0bb543c121952a3092f50b7d8724f1bc36b3",
    "zm_yunjian": "de48a00bdbf3649f07162269a2b6e0513604389bfac8a2e6c75cb34b323ad6fa",
    "zm_yunxi": "7243892fb4e560d47014090ddf010f8b8b790f3c6b029ff82b2ac06aa4e27c8b",
    "zm_yunxia": "6b2b8fc15b3df19a368daebe5c581c7fabf433ee5b8a17ffd6b3d723cff8936d",
    "zm_yunyang": "261e2c89470534dbbcb8fd98b8fdc495ec94063d9bb6c8277f7be43cccba3f42",
}


def tables(tarball: Path) -> dict[str, np.ndarray]:
    """Each Mandarin voice of the kokoro-js tarball as a 510x256 float32 table, checked."""
    out = {}
    with tarfile.open(tarball) as tar:
        for name, digest in VOICES.items():
            member = tar.extractfile(f"package/voices/{name}.bin")
            if member is None:
                raise SystemExit(f"{tarball}: no voices/{name}.bin")
            data = member.read()
            if hashlib.sha256(data).hexdigest() != digest:
                raise SystemExit(f"{name}.bin: sha256 differs from kokoro-js 1.2.1's")
            out[name] = np.frombuffer(data, "<f4").reshape(510, 256)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tarball", type=Path, help="kokoro-js-1.2.1.tgz (npm pack kokoro-js@1.2.1)")
    args = parser.parse_args()
    buffer = io.BytesIO()
    voices: dict[str, Any] = tables(args.tarball)
    np.savez_compressed(buffer, **voices)
    OUT.write_bytes(buffer.getvalue())
    print(f"{OUT}: {len(VOICES)} voices, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
