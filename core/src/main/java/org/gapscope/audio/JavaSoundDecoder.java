package org.gapscope.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Decodes AIFF/AIFF-C and AU (Sun/NeXT) files through Java Sound's file readers. */
final class JavaSoundDecoder {

    private JavaSoundDecoder() {
    }

    static DecodedAudio read(Path file, String name, String container, double maxSeconds) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                AudioInputStream stream = AudioSystem.getAudioInputStream(raw)) {
            AudioFormat format = stream.getFormat();
            SampleEncoding encoding = encodingOf(format, name, container);
            int channels = format.getChannels();
            float rate = format.getSampleRate();
            if (channels <= 0 || !(rate > 0)) {
                throw AudioErrors.of(name, "corrupt " + container + " header: " + channels + " channels at " + rate + " Hz");
            }
            if (rate != Math.rint(rate) || rate < WavReader.MIN_RATE || rate > WavReader.MAX_RATE) {
                throw AudioErrors.of(name, "sample rate of " + rate + " Hz is outside the supported "
                        + WavReader.MIN_RATE + "-" + WavReader.MAX_RATE + " Hz; resample it (sox in.aiff -r 16000 out.wav)");
            }
            long frames = stream.getFrameLength();
            PcmDownmixer mixer = new PcmDownmixer(name, encoding, format.isBigEndian(), channels, (int) rate, maxSeconds);
            float[] mono = mixer.read(stream, frames == AudioSystem.NOT_SPECIFIED ? -1 : frames);
            if (mono.length == 0) {
                throw AudioErrors.empty(name);
            }
            return new DecodedAudio(mono, new SourceFormat(container, encoding.description(), (int) rate, channels));
        } catch (UnsupportedAudioFileException e) {
            throw AudioErrors.of(name, "not a readable " + container + " file (Java Sound cannot parse its header)", e);
        }
    }

    private static SampleEncoding encodingOf(AudioFormat format, String name, String container) {
        AudioFormat.Encoding e = format.getEncoding();
        int bits = format.getSampleSizeInBits();
        if (AudioFormat.Encoding.PCM_SIGNED.equals(e)) {
            switch (bits) {
                case 8: return SampleEncoding.SIGNED_8;
                case 16: return SampleEncoding.SIGNED_16;
                case 24: return SampleEncoding.SIGNED_24;
                case 32: return SampleEncoding.SIGNED_32;
                default: break;
            }
        } else if (AudioFormat.Encoding.PCM_UNSIGNED.equals(e) && bits == 8) {
            return SampleEncoding.UNSIGNED_8;
        } else if (AudioFormat.Encoding.PCM_FLOAT.equals(e)) {
            if (bits == 32) {
                return SampleEncoding.FLOAT_32;
            }
            if (bits == 64) {
                return SampleEncoding.FLOAT_64;
            }
        } else if (AudioFormat.Encoding.ULAW.equals(e) && bits == 8) {
            return SampleEncoding.MU_LAW;
        } else if (AudioFormat.Encoding.ALAW.equals(e) && bits == 8) {
            return SampleEncoding.A_LAW;
        }
        throw AudioErrors.of(name, "unsupported " + container + " encoding (" + e + ", " + bits
                + " bits); convert it to 16-bit WAV (sox in out.wav)");
    }
}
