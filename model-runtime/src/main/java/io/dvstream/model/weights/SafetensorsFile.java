package io.dvstream.model.weights;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated safetensors file held in memory.
 *
 * <p>Format (https://github.com/huggingface/safetensors): 8 bytes little-endian unsigned header
 * length {@code n}; {@code n} bytes of UTF-8 JSON, an object mapping each tensor name to
 * {@code {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}} plus an optional
 * {@code "__metadata__"} object of string values (it may be padded with trailing spaces); then the
 * data buffer, to which the offsets are relative. Data are little-endian, row-major.
 *
 * <p>Parsing is strict, as the reference implementation is: duplicate keys, unknown fields in a
 * tensor entry, a byte range outside the data buffer, a range whose length does not match dtype x
 * shape, overlapping ranges and bytes that belong to no tensor are all errors naming the tensor or
 * field. Files are read whole; the limit is 2 GiB, far above any DS2TA model.
 */
public final class SafetensorsFile {

    /** The reserved header key holding the string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";
    /** Header size limit, as in the reference implementation (100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS);

    private final String source;
    private final byte[] bytes;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(String source, byte[] bytes, long dataStart, Map<String, TensorInfo> tensors,
            Map<String, String> metadata) {
        this.source = source;
        this.bytes = bytes;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Reads and validates {@code file}. */
    public static SafetensorsFile read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new MalformedWeightFileException(file.toString(), "file has " + size
                    + " bytes, more than this reader's 2 GiB limit");
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Validates the bytes of a safetensors file; {@code source} names it in error messages. */
    public static SafetensorsFile parse(byte[] bytes, String source) throws MalformedWeightFileException {
        if (bytes.length < 8) {
            throw new MalformedWeightFileException(source, "file has " + bytes.length
                    + " bytes, fewer than the 8-byte header length field");
        }
        long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long available = bytes.length - 8L;
        if (headerLen < 0 || headerLen > available) {
            throw new MalformedWeightFileException(source, "header length " + Long.toUnsignedString(headerLen)
                    + " exceeds the " + available + " bytes that follow the length field");
        }
        if (headerLen > MAX_HEADER_BYTES) {
            throw new MalformedWeightFileException(source, "header length " + headerLen
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLen < 2 || bytes[8] != '{') {
            throw new MalformedWeightFileException(source, "header must be a JSON object starting with '{' at byte 8");
        }
        String headerText;
        try {
            headerText = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) headerLen)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedWeightFileException(source, "header is not valid UTF-8", e);
        }
        JsonNode header;
        try {
            header = JSON.readTree(headerText);
        } catch (JsonProcessingException e) {
            throw new MalformedWeightFileException(source, "header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new MalformedWeightFileException(source, "header must be a JSON object");
        }
        long dataLen = available - headerLen;
        var tensors = new LinkedHashMap<String, TensorInfo>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(source, e.getValue());
            } else {
                tensors.put(e.getKey(), parseEntry(source, e.getKey(), e.getValue(), dataLen));
            }
        }
        checkCoverage(source, tensors, dataLen);
        return new SafetensorsFile(source, bytes, 8 + headerLen, Collections.unmodifiableMap(tensors), metadata);
    }

    private static Map<String, String> parseMetadata(String source, JsonNode node) throws MalformedWeightFileException {
        if (!node.isObject()) {
            throw new MalformedWeightFileException(source, METADATA_KEY + " must be a JSON object of strings");
        }
        var out = new LinkedHashMap<String, String>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new MalformedWeightFileException(source, METADATA_KEY + "." + e.getKey()
                        + " must be a JSON string, got " + e.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(out);
    }

    private static TensorInfo parseEntry(String source, String name, JsonNode node, long dataLen)
            throws MalformedWeightFileException {
        if (!node.isObject()) {
            throw new MalformedWeightFileException(source, "tensor " + name + ": entry must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String f = field.getKey();
            if (!f.equals("dtype") && !f.equals("shape") && !f.equals("data_offsets")) {
                throw new MalformedWeightFileException(source, "tensor " + name + ": unexpected field " + f
                        + " (an entry has exactly dtype, shape and data_offsets)");
            }
        }
        JsonNode dtypeNode = required(source, name, node, "dtype");
        if (!dtypeNode.isTextual()) {
            throw new MalformedWeightFileException(source, "tensor " + name + ": dtype must be a JSON string");
        }
        Dtype dtype = Dtype.parse(dtypeNode.textValue());
        if (dtype == null) {
            throw new MalformedWeightFileException(source, "tensor " + name + ": unknown dtype " + dtypeNode.textValue());
        }
        long[] shape = longArray(source, name, required(source, name, node, "shape"), "shape", -1);
        long[] offsets = longArray(source, name, required(source, name, node, "data_offsets"), "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw new MalformedWeightFileException(source, "tensor " + name + ": data_offsets [" + begin + ", " + end
                    + "] end before they begin");
        }
        if (end > dataLen) {
            throw new MalformedWeightFileException(source, "tensor " + name + ": data_offsets [" + begin + ", " + end
                    + "] point outside the data buffer of " + dataLen + " bytes");
        }
        var info = new TensorInfo(name, dtype, shape, begin, end);
        long expected;
        try {
            expected = Math.multiplyExact(info.numel(), dtype.bytes());
        } catch (ArithmeticException e) {
            throw new MalformedWeightFileException(source, "tensor " + name + ": shape " + info.shapeString()
                    + " has more elements than a long can count");
        }
        if (end - begin != expected) {
            throw new MalformedWeightFileException(source, "tensor " + name + ": data_offsets [" + begin + ", " + end
                    + "] span " + (end - begin) + " bytes but " + dtype + " " + info.shapeString() + " needs " + expected);
        }
        return info;
    }

    private static JsonNode required(String source, String name, JsonNode node, String field)
            throws MalformedWeightFileException {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new MalformedWeightFileException(source, "tensor " + name + ": missing field " + field);
        }
        return v;
    }

    private static long[] longArray(String source, String name, JsonNode node, String field, int length)
            throws MalformedWeightFileException {
        if (!node.isArray() || (length >= 0 && node.size() != length)) {
            throw new MalformedWeightFileException(source, "tensor " + name + ": " + field + " must be a JSON array of "
                    + (length >= 0 ? length + " " : "") + "non-negative integers");
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new MalformedWeightFileException(source, "tensor " + name + ": " + field + "[" + i + "] = " + v
                        + " is not a non-negative integer");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** The byte ranges must tile the data buffer exactly: no overlap, no hole, nothing after the last. */
    private static void checkCoverage(String source, Map<String, TensorInfo> tensors, long dataLen)
            throws MalformedWeightFileException {
        List<TensorInfo> byOffset = new ArrayList<>(tensors.values());
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long covered = 0;
        TensorInfo last = null;
        for (TensorInfo t : byOffset) {
            if (t.begin() < covered) {
                throw new MalformedWeightFileException(source, "tensors " + last.name() + " [" + last.begin() + ", "
                        + last.end() + ") and " + t.name() + " [" + t.begin() + ", " + t.end() + ") overlap");
            }
            if (t.begin() > covered) {
                throw new MalformedWeightFileException(source, "data bytes [" + covered + ", " + t.begin()
                        + ") before tensor " + t.name() + " belong to no tensor");
            }
            covered = t.end();
            if (t.end() > t.begin()) {
                last = t;
            }
        }
        if (covered != dataLen) {
            throw new MalformedWeightFileException(source, "data bytes [" + covered + ", " + dataLen
                    + ") after the last tensor belong to no tensor");
        }
    }

    /** Where the file came from (its path), as used in error messages. */
    public String source() {
        return source;
    }

    /** Tensor entries in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The {@code __metadata__} strings (empty when the header has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The entry of tensor {@code name}; a missing tensor is an error naming it. */
    public TensorInfo info(String name) throws MalformedWeightFileException {
        TensorInfo t = tensors.get(name);
        if (t == null) {
            throw new MalformedWeightFileException(source, "missing tensor " + name);
        }
        return t;
    }

    /** The data of an F32 tensor, row-major; another dtype is an error naming the tensor. */
    public float[] floats(String name) throws MalformedWeightFileException {
        TensorInfo t = info(name);
        if (t.dtype() != Dtype.F32) {
            throw new MalformedWeightFileException(source, "tensor " + name + ": dtype " + t.dtype()
                    + " where F32 is required");
        }
        float[] out = new float[(int) t.numel()];
        ByteBuffer.wrap(bytes, (int) (dataStart + t.begin()), (int) (t.end() - t.begin()))
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
