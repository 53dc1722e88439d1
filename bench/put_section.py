"""Put a section into bench/RESULTS.md between its markers (`<!-- NAME: … -->` … `<!-- /NAME -->`),
or before "## Notes" when it is not there yet. Used by the benchmark scripts' `--update`.

    python3 bench/put_section.py NAME "$section"
"""
import re
import sys

name, section = sys.argv[1], sys.argv[2]
path = "bench/RESULTS.md"
text = open(path).read()
pattern = re.compile(r"<!-- " + re.escape(name) + r":.*?<!-- /" + re.escape(name) + r" -->", re.S)
if pattern.search(text):
    text = pattern.sub(lambda _: section, text)
else:
    text = text.replace("## Notes\n", section + "\n\n## Notes\n", 1)
open(path, "w").write(text)
