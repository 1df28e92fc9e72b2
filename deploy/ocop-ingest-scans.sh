#!/bin/sh
# Rotate nginx's scan log and ingest every closed file not ingested yet (run as root by
# ocop-scan-ingest.service; the ingestion itself runs as the ocop user). The closed file is
# moved into a spool folder owned by ocop, because `ocop ingest_scan_log` renames each file
# it has counted to *.ingested (all of a file's scans are written in one transaction), so a
# failed run is simply retried next time and no file is counted twice.
set -eu
LOG=${OCOP_SCAN_LOG:-/var/log/nginx/ocop-scans.log}
SPOOL=${OCOP_SCAN_SPOOL:-/srv/ocop/var/scan-logs}
OCOP=${OCOP_BIN:-/srv/ocop/.venv/bin/ocop}
install -d -o ocop -g ocop -m 0750 "$SPOOL"
if [ -s "$LOG" ]; then
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    mv "$LOG" "$LOG.$stamp"      # a rename in the same folder: nginx keeps writing to it
    nginx -s reopen              # nginx writes a new $LOG from now on
    sleep 2                      # let the workers finish their last lines in the old file
    mv "$LOG.$stamp" "$SPOOL/ocop-scans.$stamp.log"   # closed now: a copy is safe
    chown ocop:ocop "$SPOOL/ocop-scans.$stamp.log"
fi
for file in "$SPOOL"/ocop-scans.*.log; do
    [ -e "$file" ] || continue   # no file: the glob stayed literal
    runuser -u ocop -- "$OCOP" ingest_scan_log "$file"
done
# Keep two days of ingested files for audits.
find "$SPOOL" -name 'ocop-scans.*.log.ingested' -mtime +2 -delete
