// Preloaded into the analyzer by tests that measure memory: prints the process's peak RSS (KiB)
// on stderr as it exits. Test-only; the product has no such hook.
process.on('exit', () => {
  process.stderr.write(`podmortem-test-max-rss=${process.resourceUsage().maxRSS}\n`);
});
