/**
 * The audio pane: waveform, pitch and level strips and spectrogram of the selected example, playback
 * at normal or slowed speed, recording (with stop after silence and trimming), opening files.
 */
package org.gapscope.app.audio;
