#!/bin/sh
# /usr/bin/sendsmith: the Sendsmith command line, run by the app's own runtime (the RunAsNode fuse
# is off, so `--cli` tells the app to run a command instead of opening its window).
exec /opt/Sendsmith/sendsmith --cli "$@"
