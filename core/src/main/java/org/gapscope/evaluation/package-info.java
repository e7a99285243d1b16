/**
 * Evaluation at dataset scale: running every example as text and as speech, accuracy, GAP, the
 * analysis scores with their mismatched-pair controls, intervention tables, and the batch
 * machinery (results streamed to disk, resume after interruption, shards for job arrays).
 */
package org.gapscope.evaluation;
