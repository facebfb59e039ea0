package com.hubstatus.local.dynamodb.storage;

import com.hubstatus.local.dynamodb.value.Bytes;
import com.hubstatus.local.dynamodb.value.ItemSize;
import com.hubstatus.local.dynamodb.value.Value;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How MVStore keeps an item in a file: a compact tagged binary form. In memory, MVStore keeps the
 * (immutable) item objects themselves and never calls this.
 */
final class ItemDataType extends BasicDataType<Map<String, Value>> {

    static final ItemDataType INSTANCE = new ItemDataType();

    private static final byte S = 1;
    private static final byte N = 2;
    private static final byte B = 3;
    private static final byte TRUE = 4;
    private static final byte FALSE = 5;
    private static final byte NULL = 6;
    private static final byte SS = 7;
    private static final byte NS = 8;
    private static final byte BS = 9;
    private static final byte L = 10;
    private static final byte M = 11;

    private ItemDataType() {
    }

    @Override
    public int getMemory(Map<String, Value> item) {
        return 64 + 2 * ItemSize.of(item);
    }

    @Override
    public void write(WriteBuffer buffer, Map<String, Value> item) {
        writeMap(buffer, item);
    }

    @Override
    public Map<String, Value> read(ByteBuffer buffer) {
        return readMap(buffer);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Value>[] createStorage(int size) {
        return new Map[size];
    }

    private static void writeMap(WriteBuffer buffer, Map<String, Value> map) {
        buffer.putVarInt(map.size());
        map.forEach((name, value) -> {
            writeString(buffer, name);
            writeValue(buffer, value);
        });
    }

    private static void writeValue(WriteBuffer buffer, Value value) {
        switch (value) {
            case Value.S s -> {
                buffer.put(S);
                writeString(buffer, s.value());
            }
            case Value.N n -> {
                buffer.put(N);
                writeNumber(buffer, n.value());
            }
            case Value.B b -> {
                buffer.put(B);
                writeBytes(buffer, b.value());
            }
            case Value.Bool b -> buffer.put(b.value() ? TRUE : FALSE);
            case Value.Null ignored -> buffer.put(NULL);
            case Value.SS ss -> {
                buffer.put(SS).putVarInt(ss.values().size());
                ss.values().forEach(s -> writeString(buffer, s));
            }
            case Value.NS ns -> {
                buffer.put(NS).putVarInt(ns.values().size());
                ns.values().forEach(n -> writeNumber(buffer, n));
            }
            case Value.BS bs -> {
                buffer.put(BS).putVarInt(bs.values().size());
                bs.values().forEach(b -> writeBytes(buffer, b));
            }
            case Value.L l -> {
                buffer.put(L).putVarInt(l.values().size());
                l.values().forEach(e -> writeValue(buffer, e));
            }
            case Value.M m -> {
                buffer.put(M);
                writeMap(buffer, m.values());
            }
        }
    }

    private static Map<String, Value> readMap(ByteBuffer buffer) {
        int size = DataUtils.readVarInt(buffer);
        Map<String, Value> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            String name = readString(buffer);
            map.put(name, readValue(buffer));
        }
        return map;
    }

    private static Value readValue(ByteBuffer buffer) {
        byte tag = buffer.get();
        return switch (tag) {
            case S -> new Value.S(readString(buffer));
            case N -> new Value.N(readNumber(buffer));
            case B -> new Value.B(readBytes(buffer));
            case TRUE -> Value.Bool.TRUE;
            case FALSE -> Value.Bool.FALSE;
            case NULL -> Value.Null.INSTANCE;
            case SS -> {
                int size = DataUtils.readVarInt(buffer);
                Set<String> set = new LinkedHashSet<>();
                for (int i = 0; i < size; i++) {
                    set.add(readString(buffer));
                }
                yield new Value.SS(set);
            }
            case NS -> {
                int size = DataUtils.readVarInt(buffer);
                Set<BigDecimal> set = new LinkedHashSet<>();
                for (int i = 0; i < size; i++) {
                    set.add(readNumber(buffer));
                }
                yield new Value.NS(set);
            }
            case BS -> {
                int size = DataUtils.readVarInt(buffer);
                Set<Bytes> set = new LinkedHashSet<>();
                for (int i = 0; i < size; i++) {
                    set.add(readBytes(buffer));
                }
                yield new Value.BS(set);
            }
            case L -> {
                int size = DataUtils.readVarInt(buffer);
                List<Value> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(readValue(buffer));
                }
                yield new Value.L(list);
            }
            case M -> new Value.M(readMap(buffer));
            default -> throw new IllegalStateException("corrupt item: unknown value tag " + tag);
        };
    }

    private static void writeString(WriteBuffer buffer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buffer.putVarInt(bytes.length).put(bytes);
    }

    private static String readString(ByteBuffer buffer) {
        byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeBytes(WriteBuffer buffer, Bytes value) {
        byte[] bytes = value.toArray();
        buffer.putVarInt(bytes.length).put(bytes);
    }

    private static Bytes readBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(bytes);
        return Bytes.of(bytes);
    }

    private static void writeNumber(WriteBuffer buffer, BigDecimal number) {
        byte[] unscaled = number.unscaledValue().toByteArray();
        buffer.putVarInt(number.scale() + 1000).putVarInt(unscaled.length).put(unscaled);
    }

    private static BigDecimal readNumber(ByteBuffer buffer) {
        int scale = DataUtils.readVarInt(buffer) - 1000;
        byte[] unscaled = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
