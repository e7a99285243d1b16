package org.gapscope.audio;

/**
 * Mono samples at the file's own rate, straight from a decoder, before resampling.
 *
 * @param samples the down-mixed samples (the average of the channels)
 * @param format  what the file held
 */
record DecodedAudio(float[] samples, SourceFormat format) {
}
