/** The audio pane: waveform and spectrogram of the selected example, playback, recording, opening files. */
package org.gapscope.app.audio;
