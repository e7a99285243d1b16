import com.sun.speech.freetts.Item;
import com.sun.speech.freetts.Relation;
import com.sun.speech.freetts.Utterance;
import com.sun.speech.freetts.UtteranceProcessor;
import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sound.sampled.AudioFormat;

/**
 * FreeTTS for GapScope's built-in model: one JVM speaks many utterances and reports where every
 * phone and word lies in time.
 *
 * <pre>java -cp freetts.jar:cmu_us_kal.jar:cmulex.jar:en_us.jar:. SpeakBatch VOICE &lt; jobs</pre>
 *
 * Each input line is {@code OUT.raw<TAB>rate<TAB>pitch<TAB>pitch range<TAB>text} (rate in words per
 * minute, pitch and range in Hz). For each line the samples (16-bit little-endian mono) go to
 * OUT.raw (written to OUT.raw.tmp, then moved) and one line goes to standard output:
 * {@code rate<TAB>segments<TAB>words}, segments as {@code name:end} (seconds) separated by spaces,
 * words as {@code name:start:end}. A line that fails gives {@code ERROR<TAB>message}.
 */
public final class SpeakBatch {

    private SpeakBatch() {
    }

    /** Collects the audio FreeTTS would play. */
    static final class Collector implements AudioPlayer {
        private AudioFormat format;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override public void setAudioFormat(AudioFormat f) { format = f; }
        @Override public AudioFormat getAudioFormat() { return format; }
        @Override public void pause() { }
        @Override public void resume() { }
        @Override public void reset() { }
        @Override public boolean drain() { return true; }
        @Override public void begin(int size) { }
        @Override public boolean end() { return true; }
        @Override public void cancel() { }
        @Override public void close() { }
        @Override public float getVolume() { return 1f; }
        @Override public void setVolume(float v) { }
        @Override public long getTime() { return 0; }
        @Override public void resetTime() { }
        @Override public void startFirstSampleTimer() { }
        @Override public boolean write(byte[] b) { return write(b, 0, b.length); }
        @Override public boolean write(byte[] b, int off, int len) { bytes.write(b, off, len); return true; }
        @Override public void showMetrics() { }
    }

    /** Reads the final utterance: segments with their end times, words with their spans. */
    static final class Timings implements UtteranceProcessor {
        final StringBuilder segments = new StringBuilder();
        final StringBuilder words = new StringBuilder();

        @Override
        public void processUtterance(Utterance u) {
            for (Item s = u.getRelation(Relation.SEGMENT).getHead(); s != null; s = s.getNext()) {
                segments.append(s.getFeatures().getString("name")).append(':')
                        .append(end(s)).append(' ');
            }
            for (Item w = u.getRelation(Relation.WORD).getHead(); w != null; w = w.getNext()) {
                Item syl = w.getItemAs(Relation.SYLLABLE_STRUCTURE);
                if (syl == null || syl.getDaughter() == null) {
                    continue;
                }
                Item first = syl.getDaughter().getDaughter().getItemAs(Relation.SEGMENT);
                Item last = syl.getLastDaughter().getLastDaughter().getItemAs(Relation.SEGMENT);
                float start = first.getPrevious() == null ? 0f : end(first.getPrevious());
                words.append(w.getFeatures().getString("name")).append(':').append(start)
                        .append(':').append(end(last)).append(' ');
            }
        }

        private static float end(Item segment) {
            return ((Number) segment.getFeatures().getObject("end")).floatValue();
        }
    }

    public static void main(String[] args) throws IOException {
        Voice voice = VoiceManager.getInstance().getVoice(args[0]);
        if (voice == null) {
            System.err.println("FreeTTS has no voice " + args[0]);
            System.exit(2);
        }
        voice.allocate();
        List<UtteranceProcessor> processors = castList(voice.getUtteranceProcessors());
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", 5);
            try {
                Timings timings = new Timings();
                processors.add(timings);
                Collector audio = new Collector();
                voice.setAudioPlayer(audio);
                voice.setRate(Float.parseFloat(f[1]));
                voice.setPitch(Float.parseFloat(f[2]));
                voice.setPitchRange(Float.parseFloat(f[3]));
                boolean ok = voice.speak(f[4]);
                processors.remove(timings);
                if (!ok || audio.getAudioFormat() == null) {
                    out.println("ERROR\tFreeTTS did not speak: " + f[4]);
                    continue;
                }
                AudioFormat fmt = audio.getAudioFormat();
                byte[] pcm = littleEndian16(audio.bytes.toByteArray(), fmt);
                Path target = Paths.get(f[0]);
                Path tmp = Paths.get(f[0] + ".tmp");
                Files.write(tmp, pcm);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                out.println(String.format(Locale.ROOT, "%d\t%s\t%s", (int) fmt.getSampleRate(),
                        timings.segments.toString().strip(), timings.words.toString().strip()));
            } catch (RuntimeException | IOException e) {
                out.println("ERROR\t" + e);
            }
        }
        voice.deallocate();
    }

    private static byte[] littleEndian16(byte[] b, AudioFormat fmt) {
        if (fmt.getSampleSizeInBits() != 16 || fmt.getChannels() != 1
                || fmt.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
            throw new IllegalStateException("unexpected FreeTTS audio format " + fmt);
        }
        if (!fmt.isBigEndian()) {
            return b;
        }
        byte[] out = new byte[b.length - b.length % 2];
        for (int i = 0; i < out.length; i += 2) {
            out[i] = b[i + 1];
            out[i + 1] = b[i];
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<UtteranceProcessor> castList(List<?> l) {
        return (List<UtteranceProcessor>) l;
    }
}
