"""Scale out: workers on several machines make episodes from one queue (Dramatiq on a
Redis-compatible server). `tingjian worker`, `tingjian submit`, `tingjian broker`; the
task lives in `tingjian.queue.tasks` (importing it binds Dramatiq to $TINGJIAN_BROKER)."""
