"""When and where pipeline work runs: today one process with worker threads."""
