package org.gapscope.npy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gapscope.GapScopeException;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1-3). Object (pickled) arrays are
 * refused, never unpickled; big-endian and Fortran-ordered arrays are converted on reading.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final long MAP_THRESHOLD = 8L << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Reads a {@code .npy} file. Arrays of 8 MiB or more are memory-mapped (read-only) rather than
     * copied into the Java heap.
     */
    public static NpyArray read(Path path) {
        checkReadable(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(fileSize, 12)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, head, 0);
            head.flip();
            Header header = parsePreamble(path.toString(), head, fileSize, channel);
            long dataBytes = NpyArray.count(header.shape) * header.dtype.size();
            if (header.dataOffset + dataBytes > fileSize) {
                throw new GapScopeException(path + ": truncated NumPy file: shape " + shapeText(header.shape)
                        + " needs " + dataBytes + " data bytes, the file has " + (fileSize - header.dataOffset));
            }
            if (dataBytes > Integer.MAX_VALUE - 8) {
                throw new GapScopeException(path + ": array of " + dataBytes
                        + " bytes is larger than GapScope reads at once (2 GiB); save it in float16 or split it");
            }
            ByteBuffer data;
            if (dataBytes >= MAP_THRESHOLD && !header.bigEndian && !header.fortranOrder) {
                data = channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset, dataBytes);
            } else {
                data = ByteBuffer.allocate((int) dataBytes);
                readFully(channel, data, header.dataOffset);
                data.flip();
            }
            return finish(header, data);
        } catch (IOException e) {
            throw new GapScopeException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a {@code .npy} array from a stream (used for the members of an {@code .npz}). */
    static NpyArray read(String name, InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Header header = parsePreamble(name, all.duplicate().order(ByteOrder.LITTLE_ENDIAN), bytes.length, null);
        long dataBytes = NpyArray.count(header.shape) * header.dtype.size();
        if (header.dataOffset + dataBytes > bytes.length) {
            throw new GapScopeException(name + ": truncated NumPy array: shape " + shapeText(header.shape)
                    + " needs " + dataBytes + " data bytes, has " + (bytes.length - header.dataOffset));
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) header.dataOffset, (int) dataBytes).slice();
        return finish(header, data);
    }

    /** Writes {@code array} to {@code path} atomically (temporary file in the same folder, then move). */
    public static void write(Path path, NpyArray array) {
        AtomicFiles.write(path, out -> writeTo(out, array));
    }

    /** Writes the {@code .npy} encoding of {@code array} to a stream. */
    static void writeTo(OutputStream out, NpyArray array) throws IOException {
        StringBuilder dict = new StringBuilder("{'descr': '").append(array.dtype().descr())
                .append("', 'fortran_order': False, 'shape': (");
        long[] shape = array.shape();
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dict.append(shape.length == 1 ? "," : ", ");
            }
        }
        dict.append("), }");
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        boolean v2 = unpadded + 64 > 65535;
        int preamble = MAGIC.length + 2 + (v2 ? 4 : 2);
        int total = ((preamble + dict.length() + 1 + 63) / 64) * 64;
        int headerLength = total - preamble;
        while (dict.length() < headerLength - 1) {
            dict.append(' ');
        }
        dict.append('\n');
        ByteBuffer pre = ByteBuffer.allocate(preamble).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) {
            pre.putInt(headerLength);
        } else {
            pre.putShort((short) headerLength);
        }
        out.write(pre.array());
        out.write(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = array.rawData();
        byte[] chunk = new byte[1 << 16];
        while (data.hasRemaining()) {
            int n = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }

    private static NpyArray finish(Header header, ByteBuffer data) {
        ByteBuffer little = data;
        if (header.bigEndian && header.dtype.size() > 1) {
            little = swapBytes(data, header.dtype.size());
        }
        if (header.fortranOrder && header.shape.length > 1) {
            little = fortranToC(little, header.shape, header.dtype.size());
        }
        return NpyArray.of(header.dtype, header.shape, little.order(ByteOrder.LITTLE_ENDIAN));
    }

    private static Header parsePreamble(String name, ByteBuffer head, long fileSize, FileChannel channel)
            throws IOException {
        if (head.remaining() < 10) {
            throw new GapScopeException(name + ": not a NumPy .npy file (too short: " + fileSize + " bytes)");
        }
        for (byte b : MAGIC) {
            if (head.get() != b) {
                throw new GapScopeException(name + ": not a NumPy .npy file (no \\x93NUMPY magic)");
            }
        }
        int major = head.get() & 0xff;
        head.get();
        long headerLength;
        int preamble;
        if (major == 1) {
            headerLength = head.getShort() & 0xffff;
            preamble = 10;
        } else if (major == 2 || major == 3) {
            if (head.remaining() < 4) {
                throw new GapScopeException(name + ": truncated NumPy header");
            }
            headerLength = head.getInt() & 0xffffffffL;
            preamble = 12;
        } else {
            throw new GapScopeException(name + ": unsupported NumPy format version " + major);
        }
        if (preamble + headerLength > fileSize || headerLength > 1 << 20) {
            throw new GapScopeException(name + ": truncated or corrupt NumPy header (length " + headerLength + ")");
        }
        byte[] dictBytes = new byte[(int) headerLength];
        if (channel != null) {
            ByteBuffer b = ByteBuffer.wrap(dictBytes);
            readFully(channel, b, preamble);
        } else {
            head.position(preamble);
            head.get(dictBytes);
        }
        String dict = new String(dictBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parseDict(name, dict, preamble + headerLength);
    }

    private static Header parseDict(String name, String dict, long dataOffset) {
        if (dict.contains("'descr': [") || dict.contains("'descr':[")) {
            throw new GapScopeException(name + ": structured NumPy arrays (records) are not supported; save a plain numeric array");
        }
        Matcher d = DESCR.matcher(dict);
        Matcher f = FORTRAN.matcher(dict);
        Matcher s = SHAPE.matcher(dict);
        if (!d.find() || !f.find() || !s.find()) {
            throw new GapScopeException(name + ": corrupt NumPy header: " + dict.strip());
        }
        String descr = d.group(1);
        if (descr.length() < 2) {
            throw new GapScopeException(name + ": corrupt NumPy header: dtype '" + descr + "'");
        }
        char order = descr.charAt(0);
        String code = (order == '<' || order == '>' || order == '|' || order == '=') ? descr.substring(1) : descr;
        if (code.startsWith("O")) {
            throw new GapScopeException(name + ": holds Python objects (pickled data); GapScope never unpickles."
                    + " Save a numeric array (e.g. numpy.asarray(x, dtype=numpy.float32))");
        }
        DType dtype = DType.ofCode(code);
        if (dtype == null) {
            throw new GapScopeException(name + ": unsupported NumPy dtype '" + descr
                    + "' (GapScope reads float16/32/64, int8-64, uint8, bool)");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            try {
                long v = Long.parseLong(p);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new GapScopeException(name + ": corrupt NumPy header: shape (" + s.group(1) + ")");
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return new Header(dtype, shape, "True".equals(f.group(1)), order == '>', dataOffset);
    }

    private static ByteBuffer swapBytes(ByteBuffer data, int size) {
        ByteBuffer in = data.duplicate();
        ByteBuffer out = ByteBuffer.allocate(in.remaining());
        byte[] element = new byte[size];
        while (in.hasRemaining()) {
            in.get(element);
            for (int i = size - 1; i >= 0; i--) {
                out.put(element[i]);
            }
        }
        out.flip();
        return out;
    }

    private static ByteBuffer fortranToC(ByteBuffer data, long[] shape, int size) {
        int rank = shape.length;
        int n = Math.toIntExact(NpyArray.count(shape));
        long[] fStride = new long[rank];
        long stride = 1;
        for (int k = 0; k < rank; k++) {
            fStride[k] = stride;
            stride *= shape[k];
        }
        ByteBuffer in = data.duplicate();
        int base = in.position();
        ByteBuffer out = ByteBuffer.allocate(n * size);
        long[] index = new long[rank];
        for (int c = 0; c < n; c++) {
            long offset = 0;
            for (int k = 0; k < rank; k++) {
                offset += index[k] * fStride[k];
            }
            for (int b = 0; b < size; b++) {
                out.put(in.get(base + (int) (offset * size) + b));
            }
            for (int k = rank - 1; k >= 0; k--) {
                if (++index[k] < shape[k]) {
                    break;
                }
                index[k] = 0;
            }
        }
        out.flip();
        return out;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long p = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, p);
            if (n < 0) {
                break;
            }
            p += n;
        }
    }

    static void checkReadable(Path path) {
        if (!Files.exists(path)) {
            throw new GapScopeException(path + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new GapScopeException(path + ": is a folder, not a NumPy file");
        }
        if (!Files.isReadable(path)) {
            throw new GapScopeException(path + ": not readable (permission denied)");
        }
    }

    static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    static GapScopeException ioFailure(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new GapScopeException(path + ": no such file or folder", e);
        }
        if (e instanceof AccessDeniedException) {
            return new GapScopeException(path + ": permission denied", e);
        }
        return new GapScopeException(path + ": " + e.getMessage(), e);
    }

    private record Header(DType dtype, long[] shape, boolean fortranOrder, boolean bigEndian, long dataOffset) {
    }
}
