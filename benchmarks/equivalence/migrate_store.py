"""Copy a response store to the fingerprint the current code computes for the same model (same answers)."""
import sqlite3
import sys
from pathlib import Path

from hegui.models import load_lm_eval_model

old = Path(sys.argv[1]); folder = Path(sys.argv[2])
model = load_lm_eval_model()
fp = model.fingerprint
folder.mkdir(parents=True, exist_ok=True)
new = folder / f"responses-{fp[:16]}.sqlite"
src = sqlite3.connect(old); dst = sqlite3.connect(new)
src.backup(dst); src.close()
dst.execute("UPDATE meta SET value=? WHERE key='fingerprint'", (fp,)); dst.commit()
print(new, dst.execute("select count(*) from responses").fetchone())
