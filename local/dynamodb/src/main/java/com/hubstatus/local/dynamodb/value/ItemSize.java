package com.hubstatus.local.dynamodb.value;

import java.util.Map;

/**
 * An item's size as DynamoDB counts it for the 400 KB limit and for capacity units: the UTF-8
 * length of every attribute name plus the size of its value; lists and maps add 3 bytes, and one
 * byte per element.
 */
public final class ItemSize {

    /** The largest item DynamoDB stores: 400 KB. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private ItemSize() {
    }

    public static int of(Map<String, Value> item) {
        int size = 0;
        for (Map.Entry<String, Value> attribute : item.entrySet()) {
            size += utf8Length(attribute.getKey()) + of(attribute.getValue());
        }
        return size;
    }

    public static int of(Value value) {
        return switch (value) {
            case Value.S s -> utf8Length(s.value());
            case Value.N n -> Numbers.size(n.value());
            case Value.B b -> b.value().length();
            case Value.Bool ignored -> 1;
            case Value.Null ignored -> 1;
            case Value.SS ss -> ss.values().stream().mapToInt(ItemSize::utf8Length).sum();
            case Value.NS ns -> ns.values().stream().mapToInt(Numbers::size).sum();
            case Value.BS bs -> bs.values().stream().mapToInt(Bytes::length).sum();
            case Value.L l -> 3 + l.values().stream().mapToInt(e -> of(e) + 1).sum();
            case Value.M m -> 3 + m.values().entrySet().stream()
                    .mapToInt(e -> utf8Length(e.getKey()) + of(e.getValue()) + 1).sum();
        };
    }

    public static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
