"""The API's OpenAPI 3.1 description, written by hand next to the views it describes."""

from __future__ import annotations

from typing import Any

_ERROR = {"$ref": "#/components/schemas/Error"}


def _resp(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"description": description}
    if schema is not None:
        body["content"] = {"application/json": {"schema": schema}}
    return body


_REPORT_PARAMS = [
    {"name": "dataset", "in": "path", "required": True, "schema": {"type": "integer"}},
    {"name": "unit", "in": "path", "required": True, "schema": {"type": "string"}},
    {
        "name": "period",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "examples": ["2026Q3", "2026-07"]},
    },
]


def openapi_document(server: str, tokens_page: str = "接口令牌") -> dict[str, Any]:
    """The description; ``tokens_page`` names the page that creates keys (the
    documentation page names it in the reader's language)."""
    errors = {
        "401": _resp("No valid token / 需要有效的接口令牌", _ERROR),
        "403": _resp("Not allowed for this user / 无权进行此操作", _ERROR),
        "404": _resp("Not found or not visible to this user / 未找到", _ERROR),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "kaoping API",
            "version": "1",
            "description": (
                "Read and write units and reported figures. Authenticate with "
                f"`Authorization: Token <key>` (create keys on the {tokens_page} page). A token "
                "sees exactly what its user sees: a village reporter only their units. "
                "Figures are exact decimal strings."
            ),
        },
        "servers": [{"url": server}],
        "security": [{"token": []}],
        "paths": {
            "/units/": {
                "get": {
                    "summary": "Units the user may see",
                    "responses": {
                        "200": _resp(
                            "Units",
                            {
                                "type": "object",
                                "properties": {
                                    "units": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Unit"},
                                    }
                                },
                            },
                        ),
                        **errors,
                    },
                },
                "post": {
                    "summary": "Add an area or village under a township or area (township admin)",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Unit"}}
                        },
                    },
                    "responses": {
                        "201": _resp("Created", {"$ref": "#/components/schemas/Unit"}),
                        "400": _resp("Bad input", _ERROR),
                        **errors,
                    },
                },
            },
            "/datasets/": {
                "get": {
                    "summary": "Data sets and their elements",
                    "responses": {"200": _resp("Data sets", {"type": "object"}), **errors},
                }
            },
            "/reports/{dataset}/{unit}/{period}/": {
                "parameters": _REPORT_PARAMS,
                "get": {
                    "summary": "One unit's figures for one period",
                    "responses": {
                        "200": _resp("The report", {"$ref": "#/components/schemas/Report"}),
                        **errors,
                    },
                },
                "put": {
                    "summary": "Write figures (only those given); audited as path 'api'",
                    "description": (
                        "Send the `version` you read. When someone saved the same figures "
                        "since, the answer is 409 with both values; nothing is written."
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["version", "figures"],
                                    "properties": {
                                        "version": {"type": "integer"},
                                        "figures": {
                                            "type": "object",
                                            "additionalProperties": {
                                                "type": ["string", "number", "null"]
                                            },
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": _resp("Saved", {"$ref": "#/components/schemas/Report"}),
                        "400": _resp("Values that do not fit their element", _ERROR),
                        "409": _resp(
                            "Conflict with a newer version, or the report's state "
                            "(read under its lock) does not allow the change",
                            _ERROR,
                        ),
                        **errors,
                    },
                },
            },
            "/reports/{dataset}/{unit}/{period}/approve/": {
                "parameters": _REPORT_PARAMS,
                "post": {
                    "summary": "Approve and lock the report as you checked it",
                    "description": (
                        "Send the `version` you checked. A report changed since, or one "
                        "whose figures you (or whoever created or granted your account) "
                        "entered, is not approved: 409 with `changed`."
                    ),
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["version"],
                                    "properties": {"version": {"type": "integer"}},
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": _resp("Approved", {"$ref": "#/components/schemas/Report"}),
                        "400": _resp("No version", _ERROR),
                        "409": _resp("Changed since, or four eyes refuses", _ERROR),
                        **errors,
                    },
                },
            },
        },
        "components": {
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`Token <key>`",
                }
            },
            "schemas": {
                "Unit": {
                    "type": "object",
                    "required": ["code", "name", "level"],
                    "properties": {
                        "code": {"type": "string"},
                        "name": {"type": "string"},
                        "level": {
                            "type": "string",
                            "enum": ["county", "township", "area", "village", "community"],
                        },
                        "parent": {"type": ["string", "null"]},
                    },
                },
                "Report": {
                    "type": "object",
                    "properties": {
                        "dataset": {"type": "integer"},
                        "unit": {"type": "string"},
                        "period": {"type": "string"},
                        "status": {
                            "type": "string",
                            "enum": ["draft", "submitted", "returned", "approved"],
                        },
                        "version": {"type": "integer"},
                        "figures": {
                            "type": "object",
                            "additionalProperties": {"type": ["string", "null"]},
                        },
                    },
                },
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {"type": "string"},
                        "error_zh": {"type": "string"},
                        "problems": {"type": "array", "items": {"type": "object"}},
                        "conflicts": {"type": "object"},
                        "changed": {"type": "array", "items": {"type": "object"}},
                        "version": {"type": "integer"},
                    },
                },
            },
        },
    }
