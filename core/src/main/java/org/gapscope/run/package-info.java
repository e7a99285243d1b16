/**
 * Run folders, the contract between GapScope's own runtime and other programs (the Hugging Face
 * capture kit, a researcher's scripts): the folder's identity ({@code run.json}), its per-example
 * records ({@code results.jsonl}), its captures, shards, and a reader that lists a run's records at
 * once and loads captures on demand. The format is specified in docs/run-format.md.
 */
package org.gapscope.run;
