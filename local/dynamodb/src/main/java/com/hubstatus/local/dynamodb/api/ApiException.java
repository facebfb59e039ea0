package com.hubstatus.local.dynamodb.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered to the client in DynamoDB's shape: its type (the part of {@code __type} after
 * {@code #}), its message, its HTTP status, and for some types more fields in the body (the item of
 * a failed condition, a transaction's cancellation reasons).
 */
public final class ApiException extends RuntimeException {

    private final ErrorType type;
    private final transient ObjectNode extra;

    public ApiException(ErrorType type, String message) {
        this(type, message, null);
    }

    public ApiException(ErrorType type, String message, ObjectNode extra) {
        super(message, null, false, false);
        this.type = type;
        this.extra = extra;
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorType.VALIDATION, message);
    }

    /** "One or more parameter values were invalid: ...", DynamoDB's prefix for invalid request values. */
    public static ApiException invalidParameter(String detail) {
        return validation("One or more parameter values were invalid: " + detail);
    }

    public static ApiException serialization(String message) {
        return new ApiException(ErrorType.SERIALIZATION, message);
    }

    public static ApiException tableNotFound(String table) {
        return new ApiException(ErrorType.RESOURCE_NOT_FOUND, "Requested resource not found: Table: " + table + " not found");
    }

    public static ApiException resourceNotFound() {
        return new ApiException(ErrorType.RESOURCE_NOT_FOUND, "Requested resource not found");
    }

    public ErrorType type() { return type; }

    /** Fields the body carries beside {@code __type} and {@code message}, or null. */
    public ObjectNode extra() { return extra; }

    /** The error types the engine answers, with the namespace and HTTP status AWS gives each. */
    public enum ErrorType {
        VALIDATION("com.amazon.coral.validate#", "ValidationException", 400),
        SERIALIZATION("com.amazon.coral.service#", "SerializationException", 400),
        UNKNOWN_OPERATION("com.amazon.coral.service#", "UnknownOperationException", 400),
        MISSING_AUTHENTICATION_TOKEN("com.amazon.coral.service#", "MissingAuthenticationTokenException", 400),
        CONDITIONAL_CHECK_FAILED("com.amazonaws.dynamodb.v20120810#", "ConditionalCheckFailedException", 400),
        RESOURCE_NOT_FOUND("com.amazonaws.dynamodb.v20120810#", "ResourceNotFoundException", 400),
        RESOURCE_IN_USE("com.amazonaws.dynamodb.v20120810#", "ResourceInUseException", 400),
        TRANSACTION_CANCELED("com.amazonaws.dynamodb.v20120810#", "TransactionCanceledException", 400),
        IDEMPOTENT_PARAMETER_MISMATCH("com.amazonaws.dynamodb.v20120810#", "IdempotentParameterMismatchException", 400),
        INTERNAL_SERVER_ERROR("com.amazonaws.dynamodb.v20120810#", "InternalServerError", 500);

        private final String namespace;
        private final String code;
        private final int status;

        ErrorType(String namespace, String code, int status) {
            this.namespace = namespace;
            this.code = code;
            this.status = status;
        }

        public String wireType() {
            return namespace + code;
        }

        public String code() { return code; }

        public int status() { return status; }
    }
}
