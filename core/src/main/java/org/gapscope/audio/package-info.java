/**
 * The audio front end: loading and resampling audio into an {@link org.gapscope.audio.AudioClip}
 * (16 kHz mono), Whisper-compatible log-mel features, recording and playback behind small
 * interfaces, and display data (waveform envelope, spectrogram) for the explorer.
 */
package org.gapscope.audio;
