package com.hubstatus.local.dynamodb.expression;

import java.util.ArrayList;
import java.util.List;

/** An update expression, parsed: its SET, REMOVE, ADD and DELETE actions. */
public record UpdateExpression(List<Set> sets, List<Path> removes, List<Add> adds, List<Delete> deletes) {

    public record Set(Path path, Operand value) {
    }

    public record Add(Path path, Operand.ValueOperand value) {
    }

    public record Delete(Path path, Operand.ValueOperand value) {
    }

    /** Every path the expression writes, in the order of its actions. */
    public List<Path> targets() {
        List<Path> paths = new ArrayList<>();
        sets.forEach(s -> paths.add(s.path()));
        paths.addAll(removes);
        adds.forEach(a -> paths.add(a.path()));
        deletes.forEach(d -> paths.add(d.path()));
        return paths;
    }
}
