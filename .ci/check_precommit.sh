#!/usr/bin/env bash
# Check the hooks in .pre-commit-hooks.yaml the way a data repository uses them:
# `pre-commit try-repo` this repository against a throw-away git repository that
# holds one defective .txt file (only defects with a safe fix).
#
#   lintnews       must fail (defects found)
#   lintnews-fix   must fail (it changed the file) and leave the file repaired
#   lintnews-fix   again: must pass (nothing left to change)
#   lintnews       again: must pass
#
# Usage: .ci/check_precommit.sh [VENV]   (default: .venv; pre-commit is pip-installed into it)
#
# try-repo installs this repository at its HEAD commit; uncommitted changes to
# tracked files go in through a shadow commit, untracked files are ignored.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${1:-$ROOT/.venv}"
[ -x "$VENV/bin/python" ] || { echo "no virtualenv at $VENV" >&2; exit 2; }

export PIP_DISABLE_PIP_VERSION_CHECK=1
"$VENV/bin/pip" install -q pre-commit
PRE_COMMIT=("$VENV/bin/pre-commit")
"${PRE_COMMIT[@]}" --version

TMP="$(mktemp -d "${TMPDIR:-/tmp}/lintnews-precommit.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
export PRE_COMMIT_HOME="$TMP/pre-commit-home"   # hook environments, not ~/.cache
export LINTNEWS_CACHE_DIR="${LINTNEWS_CACHE_DIR:-$TMP/lintnews-cache}"
REPO="$TMP/data-repo"
git init -q "$REPO"

# The defective article: a photo credit, an injected "See also" line (with a
# no-break space), a misspelled name, mojibake and "said. .". All have safe fixes.
printf '%s\n' \
    'Harbour board approves second ferry berth' \
    '' \
    'Tom Reyes/Reuters' \
    '' \
    'The harbour board approved a second ferry berth on Friday, its chairman said. .' \
    $'See also\u00a0 Storm damage closes the coastal path for a month' \
    '' \
    'The berthâ€™s cost will be shared with the county, which agreed in March.' \
    '' \
    'A visit by Anthony Blinken to the port last year was mentioned only in passing.' \
    >"$REPO/article.txt"
# What lintnews --fix must turn it into.
printf '%s\n' \
    'Harbour board approves second ferry berth' \
    '' \
    'The harbour board approved a second ferry berth on Friday, its chairman said.' \
    '' \
    'The berth’s cost will be shared with the county, which agreed in March.' \
    '' \
    'A visit by Antony Blinken to the port last year was mentioned only in passing.' \
    >"$TMP/expected.txt"

git -C "$REPO" add article.txt
git -C "$REPO" -c user.name=ci -c user.email=ci@example.invalid commit -q -m "a defective article"

cd "$REPO"
step=0
try_hook() {  # try_hook HOOK EXPECTED_STATUS WHAT
    local hook=$1 want=$2 what=$3 status
    step=$((step + 1))
    echo "--- [$step] pre-commit try-repo $ROOT $hook --all-files  (expect $what)"
    set +e
    "${PRE_COMMIT[@]}" try-repo "$ROOT" "$hook" --all-files >"$TMP/out.txt" 2>&1
    status=$?
    set -e
    sed 's/^/    /' "$TMP/out.txt"
    if { [ "$want" = fail ] && [ "$status" -eq 0 ]; } || { [ "$want" = pass ] && [ "$status" -ne 0 ]; }; then
        echo "pre-commit check FAILED: hook $hook exited $status, expected it to $want" >&2
        exit 1
    fi
}

try_hook lintnews fail "failure: defects found"
cmp -s article.txt "$TMP/expected.txt" && { echo "the check-only hook changed the file" >&2; exit 1; }

try_hook lintnews-fix fail "failure: files were modified"
grep -q "files were modified by this hook" "$TMP/out.txt" \
    || { echo "pre-commit check FAILED: lintnews-fix did not report modified files" >&2; exit 1; }
if ! cmp -s article.txt "$TMP/expected.txt"; then
    echo "pre-commit check FAILED: lintnews-fix did not repair the file as expected:" >&2
    diff -u "$TMP/expected.txt" article.txt >&2 || true
    exit 1
fi
echo "    article.txt repaired as expected"

try_hook lintnews-fix pass "success: nothing left to fix"
try_hook lintnews pass "success: clean file"
echo "pre-commit check passed"
