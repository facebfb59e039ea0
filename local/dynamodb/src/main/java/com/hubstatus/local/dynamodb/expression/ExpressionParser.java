package com.hubstatus.local.dynamodb.expression;

import com.hubstatus.local.dynamodb.api.ApiException;
import com.hubstatus.local.dynamodb.api.AttributeJson;
import com.hubstatus.local.dynamodb.json.JsonText;
import com.hubstatus.local.dynamodb.value.Value;
import com.hubstatus.local.dynamodb.value.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses DynamoDB's expression languages (condition, filter and key condition expressions,
 * projection expressions, update expressions) into trees, resolving {@code #name} and
 * {@code :value} placeholders and refusing, with DynamoDB's ValidationException, what DynamoDB
 * refuses before it looks at any item: syntax errors, reserved words, undefined placeholders,
 * operands of the wrong type, overlapping paths.
 *
 * <p>Operators bind as the developer guide orders them, tightest first: comparators, IN, BETWEEN,
 * functions, parentheses, NOT, AND, OR.
 */
public final class ExpressionParser {

    static final Set<String> ATTRIBUTE_TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
    private static final int MAX_IN_OPERANDS = 100;

    private final String kind;
    private final String text;
    private final ExpressionAttributes attributes;
    private final List<Token> tokens;
    private int position;

    private ExpressionParser(String kind, String text, ExpressionAttributes attributes) {
        this.kind = kind;
        this.text = text;
        this.attributes = attributes;
        this.tokens = tokenize();
    }

    /** A ConditionExpression, FilterExpression or KeyConditionExpression; {@code kind} names it in errors. */
    public static Condition condition(String kind, String text, ExpressionAttributes attributes) {
        ExpressionParser parser = new ExpressionParser(kind, text, attributes);
        parser.requireNotEmpty();
        Condition condition = parser.or();
        parser.expect(TokenType.EOF);
        return condition;
    }

    public static List<Path> projection(String text, ExpressionAttributes attributes) {
        ExpressionParser parser = new ExpressionParser("ProjectionExpression", text, attributes);
        parser.requireNotEmpty();
        List<Path> paths = new ArrayList<>();
        paths.add(parser.path());
        while (parser.accept(",")) {
            paths.add(parser.path());
        }
        parser.expect(TokenType.EOF);
        parser.checkNoOverlap(paths);
        return paths;
    }

    public static UpdateExpression update(String text, ExpressionAttributes attributes) {
        ExpressionParser parser = new ExpressionParser("UpdateExpression", text, attributes);
        parser.requireNotEmpty();
        return parser.updateClauses();
    }

    // ---- conditions --------------------------------------------------------------------------------

    private Condition or() {
        Condition left = and();
        while (acceptKeyword("OR")) {
            left = new Condition.Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = not();
        while (acceptKeyword("AND")) {
            left = new Condition.And(left, not());
        }
        return left;
    }

    private Condition not() {
        if (acceptKeyword("NOT")) {
            return new Condition.Not(not());
        }
        return primary();
    }

    private Condition primary() {
        if (peek().is("(")) {
            next();
            if (peek().is("(") && closesAt(position) == closesAt(position - 1) - 1) {
                throw invalid("The expression has redundant parentheses;");
            }
            Condition inner = or();
            expect(")");
            return inner;
        }
        Token start = peek();
        if (start.type == TokenType.IDENT && lookahead(1).is("(") && !start.text.equals("size")) {
            return conditionFunction();
        }
        Operand left = operand();
        Token operator = peek();
        if (operator.type == TokenType.SYMBOL) {
            Condition.Comparator comparator = comparator(operator.text);
            if (comparator != null) {
                next();
                Operand right = operand();
                checkOrderedOperand(comparator, left);
                checkOrderedOperand(comparator, right);
                if (left instanceof Operand.PathOperand && left.equals(right)) {
                    throw invalid("The first operand must be distinct from the remaining operands for this operator or function; operator: "
                            + comparator.symbol() + ", first operand: " + ((Operand.PathOperand) left).path());
                }
                return new Condition.Compare(left, comparator, right);
            }
        }
        if (acceptKeyword("BETWEEN")) {
            Operand low = operand();
            expectKeyword("AND");
            Operand high = operand();
            for (Operand operand : List.of(left, low, high)) {
                checkOrdered("BETWEEN", operand);
            }
            if (low instanceof Operand.ValueOperand l && high instanceof Operand.ValueOperand h) {
                if (!l.value().type().equals(h.value().type())) {
                    throw invalid("The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: "
                            + describe(l.value()) + ", upper bound operand: " + describe(h.value()));
                }
                if (Values.compare(l.value(), h.value()) > 0) {
                    throw invalid("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: "
                            + describe(l.value()) + ", upper bound operand: " + describe(h.value()));
                }
            }
            return new Condition.Between(left, low, high);
        }
        if (acceptKeyword("IN")) {
            expect("(");
            List<Operand> options = new ArrayList<>();
            options.add(operand());
            while (accept(",")) {
                options.add(operand());
            }
            expect(")");
            if (options.size() > MAX_IN_OPERANDS) {
                throw invalid("Too many operands for IN; the IN operator accepts at most " + MAX_IN_OPERANDS);
            }
            return new Condition.In(left, options);
        }
        throw syntaxError(peek());
    }

    private Condition conditionFunction() {
        Token name = next();
        expect("(");
        List<Operand> arguments = new ArrayList<>();
        if (!peek().is(")")) {
            arguments.add(operand());
            while (accept(",")) {
                arguments.add(operand());
            }
        }
        expect(")");
        String function = name.text;
        switch (function) {
            case "attribute_exists", "attribute_not_exists" -> {
                arity(function, arguments, 1);
                requirePath(function, arguments.getFirst());
            }
            case "attribute_type" -> {
                arity(function, arguments, 2);
                requirePath(function, arguments.getFirst());
                if (arguments.get(1) instanceof Operand.ValueOperand type) {
                    if (!(type.value() instanceof Value.S s)) {
                        throw incorrectOperand(function, type.value());
                    }
                    if (!ATTRIBUTE_TYPES.contains(s.value())) {
                        throw invalid("Invalid attribute type name found; type: " + s.value()
                                + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                    }
                } else {
                    throw incorrectOperandKind(function);
                }
            }
            case "begins_with" -> {
                arity(function, arguments, 2);
                for (Operand argument : arguments) {
                    if (argument instanceof Operand.ValueOperand v && !(v.value() instanceof Value.S || v.value() instanceof Value.B)) {
                        throw incorrectOperand(function, v.value());
                    }
                }
            }
            case "contains" -> arity(function, arguments, 2);
            case "if_not_exists", "list_append" -> throw invalid(
                    "The function is not allowed to be used this way in an expression; function: " + function);
            default -> throw invalid("Invalid function name; function: " + function);
        }
        return new Condition.Function(function, arguments);
    }

    private Operand operand() {
        Token token = peek();
        if (token.type == TokenType.VALUE_REF) {
            return valueOperand();
        }
        if (token.type == TokenType.IDENT && lookahead(1).is("(")) {
            next();
            if (!token.text.equals("size")) {
                if (Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains",
                        "if_not_exists", "list_append").contains(token.text)) {
                    throw invalid("The function is not allowed to be used this way in an expression; function: " + token.text);
                }
                throw invalid("Invalid function name; function: " + token.text);
            }
            expect("(");
            Operand argument = operand();
            if (accept(",")) {
                throw invalid("Incorrect number of operands for operator or function; operator or function: size, number of operands: 2");
            }
            expect(")");
            if (!(argument instanceof Operand.PathOperand path)) {
                throw argument instanceof Operand.ValueOperand v ? incorrectOperand("size", v.value()) : incorrectOperandKind("size");
            }
            return new Operand.Size(path.path());
        }
        return new Operand.PathOperand(path());
    }

    // ---- updates -----------------------------------------------------------------------------------

    private UpdateExpression updateClauses() {
        List<UpdateExpression.Set> sets = new ArrayList<>();
        List<Path> removes = new ArrayList<>();
        List<UpdateExpression.Add> adds = new ArrayList<>();
        List<UpdateExpression.Delete> deletes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        while (peek().type != TokenType.EOF) {
            Token clause = next();
            String keyword = clause.type == TokenType.IDENT ? clause.text.toUpperCase(Locale.ROOT) : "";
            if (!List.of("SET", "REMOVE", "ADD", "DELETE").contains(keyword)) {
                throw syntaxError(clause);
            }
            if (seen.contains(keyword)) {
                throw invalid("The \"" + keyword + "\" section can only be used once in an update expression;");
            }
            seen.add(keyword);
            do {
                switch (keyword) {
                    case "SET" -> {
                        Path path = path();
                        expect("=");
                        sets.add(new UpdateExpression.Set(path, setValue()));
                    }
                    case "REMOVE" -> removes.add(path());
                    case "ADD" -> {
                        Path path = path();
                        Operand.ValueOperand value = valueOperand();
                        Value v = value.value();
                        if (!(v instanceof Value.N || v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS)) {
                            throw invalid("Incorrect operand type for operator or function; operator: ADD, operand type: " + longTypeName(v));
                        }
                        adds.add(new UpdateExpression.Add(path, value));
                    }
                    default -> {
                        Path path = path();
                        Operand.ValueOperand value = valueOperand();
                        Value v = value.value();
                        if (!(v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS)) {
                            throw invalid("Incorrect operand type for operator or function; operator: DELETE, operand type: " + longTypeName(v));
                        }
                        deletes.add(new UpdateExpression.Delete(path, value));
                    }
                }
            } while (accept(","));
        }
        UpdateExpression update = new UpdateExpression(sets, removes, adds, deletes);
        checkNoOverlap(update.targets());
        return update;
    }

    private Operand.ValueOperand valueOperand() {
        Token token = peek();
        if (token.type != TokenType.VALUE_REF) {
            throw syntaxError(token);
        }
        next();
        return new Operand.ValueOperand(token.text, resolveValue(token.text));
    }

    private Operand setValue() {
        Operand left = setOperand();
        if (peek().is("+") || peek().is("-")) {
            boolean plus = next().is("+");
            Operand right = setOperand();
            return new Operand.Arithmetic(left, plus, right);
        }
        return left;
    }

    private Operand setOperand() {
        Token token = peek();
        if (token.type == TokenType.VALUE_REF) {
            return valueOperand();
        }
        if (token.type == TokenType.IDENT && lookahead(1).is("(")) {
            next();
            expect("(");
            switch (token.text) {
                case "if_not_exists" -> {
                    Operand first = setOperand();
                    expect(",");
                    Operand fallback = setOperand();
                    expect(")");
                    if (!(first instanceof Operand.PathOperand path)) {
                        throw incorrectOperandKind("if_not_exists");
                    }
                    return new Operand.IfNotExists(path.path(), fallback);
                }
                case "list_append" -> {
                    Operand first = setOperand();
                    expect(",");
                    Operand second = setOperand();
                    expect(")");
                    for (Operand operand : List.of(first, second)) {
                        if (operand instanceof Operand.ValueOperand v && !(v.value() instanceof Value.L)) {
                            throw incorrectOperand("list_append", v.value());
                        }
                    }
                    return new Operand.ListAppend(first, second);
                }
                case "size", "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains" ->
                        throw invalid("The function is not allowed in an update expression; function: " + token.text);
                default -> throw invalid("Invalid function name; function: " + token.text);
            }
        }
        return new Operand.PathOperand(path());
    }

    // ---- paths -------------------------------------------------------------------------------------

    private Path path() {
        List<Path.Element> elements = new ArrayList<>();
        elements.add(new Path.Name(nameElement()));
        while (true) {
            if (accept(".")) {
                elements.add(new Path.Name(nameElement()));
            } else if (peek().is("[")) {
                next();
                Token index = next();
                if (index.type != TokenType.INTEGER) {
                    throw syntaxError(index);
                }
                int value;
                try {
                    value = Integer.parseInt(index.text);
                } catch (NumberFormatException e) {
                    throw invalid("List index is too large; index: " + index.text);
                }
                expect("]");
                elements.add(new Path.Index(value));
            } else {
                return new Path(elements);
            }
        }
    }

    private String nameElement() {
        Token token = next();
        if (token.type == TokenType.NAME_REF) {
            String name = attributes.name(token.text);
            if (name == null) {
                throw invalid("An expression attribute name used in the document path is not defined; attribute name: " + token.text);
            }
            return name;
        }
        if (token.type == TokenType.IDENT) {
            if (ReservedWords.contains(token.text)) {
                throw invalid("Attribute name is a reserved keyword; reserved keyword: " + token.text);
            }
            return token.text;
        }
        throw syntaxError(token);
    }

    private Value resolveValue(String placeholder) {
        Value value = attributes.value(placeholder);
        if (value == null) {
            throw invalid("An expression attribute value used in expression is not defined; attribute value: " + placeholder);
        }
        return value;
    }

    /** Refuses two paths of which one is the other or contains it, or which treat one attribute as both a map and a list. */
    private void checkNoOverlap(List<Path> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                List<Path.Element> a = paths.get(i).elements();
                List<Path.Element> b = paths.get(j).elements();
                int common = Math.min(a.size(), b.size());
                boolean diverged = false;
                for (int k = 0; k < common && !diverged; k++) {
                    Path.Element x = a.get(k);
                    Path.Element y = b.get(k);
                    if (!x.equals(y)) {
                        if (x.getClass() != y.getClass()) {
                            throw invalid("Two document paths conflict with each other; must remove or rewrite one of these paths; path one: "
                                    + paths.get(i) + ", path two: " + paths.get(j));
                        }
                        diverged = true;
                    }
                }
                if (!diverged) {
                    throw invalid("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
                            + paths.get(i) + ", path two: " + paths.get(j));
                }
            }
        }
    }

    // ---- operand checks ----------------------------------------------------------------------------

    private void checkOrderedOperand(Condition.Comparator comparator, Operand operand) {
        if (comparator != Condition.Comparator.EQ && comparator != Condition.Comparator.NE) {
            checkOrdered(comparator.symbol(), operand);
        }
    }

    private void checkOrdered(String operator, Operand operand) {
        if (operand instanceof Operand.ValueOperand v && !Values.isOrdered(v.value())) {
            throw incorrectOperand(operator, v.value());
        }
    }

    private void requirePath(String function, Operand operand) {
        if (!(operand instanceof Operand.PathOperand)) {
            throw invalid("Operator or function requires a document path; operator or function: " + function);
        }
    }

    private void arity(String function, List<Operand> arguments, int expected) {
        if (arguments.size() != expected) {
            throw invalid("Incorrect number of operands for operator or function; operator or function: " + function
                    + ", number of operands: " + arguments.size());
        }
    }

    private ApiException incorrectOperand(String operator, Value value) {
        return invalid("Incorrect operand type for operator or function; operator or function: " + operator
                + ", operand type: " + value.type());
    }

    private ApiException incorrectOperandKind(String function) {
        return invalid("Incorrect operand type for operator or function; operator or function: " + function);
    }

    private static String longTypeName(Value value) {
        return switch (value.type()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "BOOL" -> "BOOLEAN";
            case "L" -> "LIST";
            case "M" -> "MAP";
            default -> value.type();
        };
    }

    private static String describe(Value value) {
        String json = JsonText.toString(AttributeJson.toJson(value));
        return "AttributeValue: " + json.replace("\"", "");
    }

    private static Condition.Comparator comparator(String symbol) {
        for (Condition.Comparator comparator : Condition.Comparator.values()) {
            if (comparator.symbol().equals(symbol)) {
                return comparator;
            }
        }
        return null;
    }

    // ---- tokens ------------------------------------------------------------------------------------

    private enum TokenType { IDENT, NAME_REF, VALUE_REF, INTEGER, SYMBOL, EOF }

    private record Token(TokenType type, String text, int at) {
        boolean is(String symbol) {
            return type == TokenType.SYMBOL && text.equals(symbol);
        }
    }

    private List<Token> tokenize() {
        List<Token> list = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == ':') {
                int start = i++;
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw invalid("Syntax error; token: \"" + c + "\", near: \"" + near(start) + "\"");
                }
                list.add(new Token(c == '#' ? TokenType.NAME_REF : TokenType.VALUE_REF, text.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                list.add(new Token(TokenType.IDENT, text.substring(start, i), start));
            } else if (c >= '0' && c <= '9') {
                int start = i;
                while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                    i++;
                }
                list.add(new Token(TokenType.INTEGER, text.substring(start, i), start));
            } else if ((c == '<' || c == '>') && i + 1 < text.length() && (text.charAt(i + 1) == '=' || (c == '<' && text.charAt(i + 1) == '>'))) {
                list.add(new Token(TokenType.SYMBOL, text.substring(i, i + 2), i));
                i += 2;
            } else if ("=<>()[],.+-".indexOf(c) >= 0) {
                list.add(new Token(TokenType.SYMBOL, String.valueOf(c), i));
                i++;
            } else {
                throw invalid("Invalid character encountered; character: \"" + c + "\", near: \"" + near(i) + "\"");
            }
        }
        list.add(new Token(TokenType.EOF, "<EOF>", text.length()));
        return list;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token lookahead(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(position);
        if (token.type != TokenType.EOF) {
            position++;
        }
        return token;
    }

    private boolean accept(String symbol) {
        if (peek().is(symbol)) {
            next();
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        Token token = peek();
        if (token.type == TokenType.IDENT && token.text.equalsIgnoreCase(keyword)) {
            next();
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw syntaxError(peek());
        }
    }

    private void expect(String symbol) {
        if (!accept(symbol)) {
            throw syntaxError(peek());
        }
    }

    private void expect(TokenType type) {
        if (peek().type != type) {
            throw syntaxError(peek());
        }
    }

    /** The index of the token closing the parenthesis opened by the token at {@code open}, or -1. */
    private int closesAt(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.is("(")) {
                depth++;
            } else if (token.is(")")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private void requireNotEmpty() {
        if (text.isBlank()) {
            throw invalid("The expression can not be empty;");
        }
    }

    private ApiException syntaxError(Token token) {
        return invalid("Syntax error; token: \"" + token.text + "\", near: \"" + near(token.at) + "\"");
    }

    private String near(int at) {
        int from = Math.max(0, at - 8);
        int to = Math.min(text.length(), at + 8);
        return text.substring(from, to).strip();
    }

    private ApiException invalid(String detail) {
        return ApiException.validation("Invalid " + kind + ": " + detail);
    }
}
