/**
 * The audio front end: loading and resampling audio into an {@link org.gapscope.audio.AudioClip}
 * (16 kHz mono), Whisper-compatible log-mel features, recording and playback behind small
 * interfaces, and display data (waveform envelope, spectrogram) for the explorer; and, through
 * TarsosDSP, pitch (F0) and level tracks, the microphone's processing chain, silence detection and
 * trimming, and slowed playback with the pitch kept. Only {@link org.gapscope.audio.JavaSoundDevices}
 * opens a device.
 */
package org.gapscope.audio;
