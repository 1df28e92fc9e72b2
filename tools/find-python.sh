#!/bin/sh
# Print the path of a Python 3.13 (preferred) or 3.12 interpreter, or nothing.
# pyenv's bare `python3.13` shim fails unless PYENV_VERSION is set, so look for
# the interpreters themselves under `pyenv root` first, then on PATH.
root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
for minor in 3.13 3.12; do
  for candidate in "$root"/versions/"$minor"*/bin/python"$minor" \
                   /usr/local/bin/python"$minor" /usr/bin/python"$minor"; do
    if [ -x "$candidate" ] && "$candidate" -c 'import sys' >/dev/null 2>&1; then
      echo "$candidate"
      exit 0
    fi
  done
done
exit 1
