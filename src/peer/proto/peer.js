/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Number = $util.global.Number, $Array = $util.global.Array, $parseInt = $util.global.parseInt, $BigInt = $util.global.BigInt, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const qkdd = $root.qkdd = (() => {

    /**
     * Namespace qkdd.
     * @exports qkdd
     * @namespace
     */
    const qkdd = {};

    qkdd.peer = (function() {

        /**
         * Namespace peer.
         * @memberof qkdd
         * @namespace
         */
        const peer = {};

        /**
         * Role enum.
         * @name qkdd.peer.Role
         * @enum {number}
         * @property {number} ROLE_UNSPECIFIED=0 ROLE_UNSPECIFIED value
         * @property {number} ROLE_TRANSMITTER=1 ROLE_TRANSMITTER value
         * @property {number} ROLE_RECEIVER=2 ROLE_RECEIVER value
         */
        peer.Role = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ROLE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ROLE_TRANSMITTER"] = 1;
            values[valuesById[2] = "ROLE_RECEIVER"] = 2;
            return values;
        })();

        peer.Hello = (function() {

            /**
             * Properties of a Hello.
             * @typedef {Object} qkdd.peer.Hello.$Properties
             * @property {string|null} [nodeId] Hello nodeId
             * @property {qkdd.peer.Role|null} [role] Hello role
             * @property {number|null} [protocolVersion] Hello protocolVersion
             * @property {string|null} [linkId] Hello linkId
             * @property {string|null} [softwareVersion] Hello softwareVersion
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Hello.
             * @memberof qkdd.peer
             * @interface IHello
             * @augments qkdd.peer.Hello.$Properties
             * @deprecated Use qkdd.peer.Hello.$Properties instead.
             */

            /**
             * Shape of a Hello.
             * @typedef {qkdd.peer.Hello.$Properties} qkdd.peer.Hello.$Shape
             */

            /**
             * Constructs a new Hello.
             * @memberof qkdd.peer
             * @classdesc Represents a Hello.
             * @constructor
             * @param {qkdd.peer.Hello.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Hello = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Hello nodeId.
             * @member {string} nodeId
             * @memberof qkdd.peer.Hello
             * @instance
             */
            Hello.prototype.nodeId = "";

            /**
             * Hello role.
             * @member {qkdd.peer.Role} role
             * @memberof qkdd.peer.Hello
             * @instance
             */
            Hello.prototype.role = 0;

            /**
             * Hello protocolVersion.
             * @member {number} protocolVersion
             * @memberof qkdd.peer.Hello
             * @instance
             */
            Hello.prototype.protocolVersion = 0;

            /**
             * Hello linkId.
             * @member {string} linkId
             * @memberof qkdd.peer.Hello
             * @instance
             */
            Hello.prototype.linkId = "";

            /**
             * Hello softwareVersion.
             * @member {string} softwareVersion
             * @memberof qkdd.peer.Hello
             * @instance
             */
            Hello.prototype.softwareVersion = "";

            /**
             * Creates a new Hello instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.Hello
             * @static
             * @param {qkdd.peer.Hello.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.Hello} Hello instance
             * @type {{
             *   (properties: qkdd.peer.Hello.$Shape): qkdd.peer.Hello & qkdd.peer.Hello.$Shape;
             *   (properties?: qkdd.peer.Hello.$Properties): qkdd.peer.Hello;
             * }}
             */
            Hello.create = function(properties) {
                return new Hello(properties);
            };

            /**
             * Encodes the specified Hello message. Does not implicitly {@link qkdd.peer.Hello.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.Hello
             * @static
             * @param {qkdd.peer.Hello.$Properties} message Hello message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Hello.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.nodeId != null && $Object.hasOwnProperty.call(message, "nodeId") && message.nodeId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.nodeId);
                if (message.role != null && $Object.hasOwnProperty.call(message, "role") && message.role !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.role);
                if (message.protocolVersion != null && $Object.hasOwnProperty.call(message, "protocolVersion") && message.protocolVersion !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.protocolVersion);
                if (message.linkId != null && $Object.hasOwnProperty.call(message, "linkId") && message.linkId !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.linkId);
                if (message.softwareVersion != null && $Object.hasOwnProperty.call(message, "softwareVersion") && message.softwareVersion !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.softwareVersion);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Hello message, length delimited. Does not implicitly {@link qkdd.peer.Hello.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.Hello
             * @static
             * @param {qkdd.peer.Hello.$Properties} message Hello message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Hello.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Hello message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.Hello
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.Hello & qkdd.peer.Hello.$Shape} Hello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Hello.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.Hello();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.nodeId = value;
                            else
                                delete message.nodeId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.role = value;
                            else
                                delete message.role;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.protocolVersion = value;
                            else
                                delete message.protocolVersion;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.linkId = value;
                            else
                                delete message.linkId;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.softwareVersion = value;
                            else
                                delete message.softwareVersion;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a Hello message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.Hello
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.Hello & qkdd.peer.Hello.$Shape} Hello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Hello.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Hello message.
             * @function verify
             * @memberof qkdd.peer.Hello
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Hello.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.nodeId != null && $Object.hasOwnProperty.call(message, "nodeId"))
                    if (!$util.isString(message.nodeId))
                        return "nodeId: string expected";
                if (message.role != null && $Object.hasOwnProperty.call(message, "role"))
                    if (typeof message.role !== "number" || (message.role | 0) !== message.role)
                        return "role: enum value expected";
                if (message.protocolVersion != null && $Object.hasOwnProperty.call(message, "protocolVersion"))
                    if (!$util.isInteger(message.protocolVersion))
                        return "protocolVersion: integer expected";
                if (message.linkId != null && $Object.hasOwnProperty.call(message, "linkId"))
                    if (!$util.isString(message.linkId))
                        return "linkId: string expected";
                if (message.softwareVersion != null && $Object.hasOwnProperty.call(message, "softwareVersion"))
                    if (!$util.isString(message.softwareVersion))
                        return "softwareVersion: string expected";
                return null;
            };

            /**
             * Creates a Hello message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.Hello
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.Hello} Hello
             */
            Hello.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.Hello)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.Hello: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.Hello();
                if (object.nodeId != null)
                    if (typeof object.nodeId !== "string" || object.nodeId.length)
                        message.nodeId = $String(object.nodeId);
                if (object.role !== 0 && (typeof object.role !== "string" || $root.qkdd.peer.Role[object.role] !== 0))
                    switch (object.role) {
                    case "ROLE_UNSPECIFIED":
                    case 0:
                        message.role = 0;
                        break;
                    case "ROLE_TRANSMITTER":
                    case 1:
                        message.role = 1;
                        break;
                    case "ROLE_RECEIVER":
                    case 2:
                        message.role = 2;
                        break;
                    default:
                        if (typeof object.role === "number" && (object.role | 0) === object.role)
                            message.role = object.role;
                    }
                if (object.protocolVersion != null)
                    if ($Number(object.protocolVersion) !== 0)
                        message.protocolVersion = object.protocolVersion >>> 0;
                if (object.linkId != null)
                    if (typeof object.linkId !== "string" || object.linkId.length)
                        message.linkId = $String(object.linkId);
                if (object.softwareVersion != null)
                    if (typeof object.softwareVersion !== "string" || object.softwareVersion.length)
                        message.softwareVersion = $String(object.softwareVersion);
                return message;
            };

            /**
             * Creates a plain object from a Hello message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.Hello
             * @static
             * @param {qkdd.peer.Hello} message Hello
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Hello.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.nodeId = "";
                    object.role = options.enums === $String ? "ROLE_UNSPECIFIED" : 0;
                    object.protocolVersion = 0;
                    object.linkId = "";
                    object.softwareVersion = "";
                }
                if (message.nodeId != null && $Object.hasOwnProperty.call(message, "nodeId"))
                    object.nodeId = message.nodeId;
                if (message.role != null && $Object.hasOwnProperty.call(message, "role"))
                    object.role = options.enums === $String ? $root.qkdd.peer.Role[message.role] === $undefined ? message.role : $root.qkdd.peer.Role[message.role] : message.role;
                if (message.protocolVersion != null && $Object.hasOwnProperty.call(message, "protocolVersion"))
                    object.protocolVersion = message.protocolVersion;
                if (message.linkId != null && $Object.hasOwnProperty.call(message, "linkId"))
                    object.linkId = message.linkId;
                if (message.softwareVersion != null && $Object.hasOwnProperty.call(message, "softwareVersion"))
                    object.softwareVersion = message.softwareVersion;
                return object;
            };

            /**
             * Converts this Hello to JSON.
             * @function toJSON
             * @memberof qkdd.peer.Hello
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Hello.prototype.toJSON = function() {
                return Hello.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Hello
             * @function getTypeUrl
             * @memberof qkdd.peer.Hello
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Hello.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.Hello";
            };

            return Hello;
        })();

        peer.SiftDetections = (function() {

            /**
             * Properties of a SiftDetections.
             * @typedef {Object} qkdd.peer.SiftDetections.$Properties
             * @property {number|null} [slotCount] SiftDetections slotCount
             * @property {number|null} [detectionCount] SiftDetections detectionCount
             * @property {Uint8Array|null} [detectedSlots] SiftDetections detectedSlots
             * @property {Uint8Array|null} [bases] SiftDetections bases
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SiftDetections.
             * @memberof qkdd.peer
             * @interface ISiftDetections
             * @augments qkdd.peer.SiftDetections.$Properties
             * @deprecated Use qkdd.peer.SiftDetections.$Properties instead.
             */

            /**
             * Shape of a SiftDetections.
             * @typedef {qkdd.peer.SiftDetections.$Properties} qkdd.peer.SiftDetections.$Shape
             */

            /**
             * Constructs a new SiftDetections.
             * @memberof qkdd.peer
             * @classdesc Represents a SiftDetections.
             * @constructor
             * @param {qkdd.peer.SiftDetections.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SiftDetections = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SiftDetections slotCount.
             * @member {number} slotCount
             * @memberof qkdd.peer.SiftDetections
             * @instance
             */
            SiftDetections.prototype.slotCount = 0;

            /**
             * SiftDetections detectionCount.
             * @member {number} detectionCount
             * @memberof qkdd.peer.SiftDetections
             * @instance
             */
            SiftDetections.prototype.detectionCount = 0;

            /**
             * SiftDetections detectedSlots.
             * @member {Uint8Array} detectedSlots
             * @memberof qkdd.peer.SiftDetections
             * @instance
             */
            SiftDetections.prototype.detectedSlots = $util.newBuffer([]);

            /**
             * SiftDetections bases.
             * @member {Uint8Array} bases
             * @memberof qkdd.peer.SiftDetections
             * @instance
             */
            SiftDetections.prototype.bases = $util.newBuffer([]);

            /**
             * Creates a new SiftDetections instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.SiftDetections
             * @static
             * @param {qkdd.peer.SiftDetections.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.SiftDetections} SiftDetections instance
             * @type {{
             *   (properties: qkdd.peer.SiftDetections.$Shape): qkdd.peer.SiftDetections & qkdd.peer.SiftDetections.$Shape;
             *   (properties?: qkdd.peer.SiftDetections.$Properties): qkdd.peer.SiftDetections;
             * }}
             */
            SiftDetections.create = function(properties) {
                return new SiftDetections(properties);
            };

            /**
             * Encodes the specified SiftDetections message. Does not implicitly {@link qkdd.peer.SiftDetections.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.SiftDetections
             * @static
             * @param {qkdd.peer.SiftDetections.$Properties} message SiftDetections message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SiftDetections.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.slotCount != null && $Object.hasOwnProperty.call(message, "slotCount") && message.slotCount !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.slotCount);
                if (message.detectionCount != null && $Object.hasOwnProperty.call(message, "detectionCount") && message.detectionCount !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.detectionCount);
                if (message.detectedSlots != null && $Object.hasOwnProperty.call(message, "detectedSlots") && message.detectedSlots.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.detectedSlots);
                if (message.bases != null && $Object.hasOwnProperty.call(message, "bases") && message.bases.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.bases);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified SiftDetections message, length delimited. Does not implicitly {@link qkdd.peer.SiftDetections.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.SiftDetections
             * @static
             * @param {qkdd.peer.SiftDetections.$Properties} message SiftDetections message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SiftDetections.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a SiftDetections message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.SiftDetections
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.SiftDetections & qkdd.peer.SiftDetections.$Shape} SiftDetections
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SiftDetections.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.SiftDetections();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.slotCount = value;
                            else
                                delete message.slotCount;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.detectionCount = value;
                            else
                                delete message.detectionCount;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.detectedSlots = value;
                            else
                                delete message.detectedSlots;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.bases = value;
                            else
                                delete message.bases;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a SiftDetections message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.SiftDetections
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.SiftDetections & qkdd.peer.SiftDetections.$Shape} SiftDetections
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SiftDetections.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a SiftDetections message.
             * @function verify
             * @memberof qkdd.peer.SiftDetections
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            SiftDetections.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.slotCount != null && $Object.hasOwnProperty.call(message, "slotCount"))
                    if (!$util.isInteger(message.slotCount))
                        return "slotCount: integer expected";
                if (message.detectionCount != null && $Object.hasOwnProperty.call(message, "detectionCount"))
                    if (!$util.isInteger(message.detectionCount))
                        return "detectionCount: integer expected";
                if (message.detectedSlots != null && $Object.hasOwnProperty.call(message, "detectedSlots"))
                    if (!(message.detectedSlots && typeof message.detectedSlots.length === "number" || $util.isString(message.detectedSlots)))
                        return "detectedSlots: buffer expected";
                if (message.bases != null && $Object.hasOwnProperty.call(message, "bases"))
                    if (!(message.bases && typeof message.bases.length === "number" || $util.isString(message.bases)))
                        return "bases: buffer expected";
                return null;
            };

            /**
             * Creates a SiftDetections message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.SiftDetections
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.SiftDetections} SiftDetections
             */
            SiftDetections.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.SiftDetections)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.SiftDetections: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.SiftDetections();
                if (object.slotCount != null)
                    if ($Number(object.slotCount) !== 0)
                        message.slotCount = object.slotCount >>> 0;
                if (object.detectionCount != null)
                    if ($Number(object.detectionCount) !== 0)
                        message.detectionCount = object.detectionCount >>> 0;
                if (object.detectedSlots != null)
                    if (object.detectedSlots.length)
                        if (typeof object.detectedSlots === "string")
                            $util.base64.decode(object.detectedSlots, message.detectedSlots = $util.newBuffer($util.base64.length(object.detectedSlots)), 0);
                        else if (object.detectedSlots.length >= 0)
                            message.detectedSlots = object.detectedSlots;
                if (object.bases != null)
                    if (object.bases.length)
                        if (typeof object.bases === "string")
                            $util.base64.decode(object.bases, message.bases = $util.newBuffer($util.base64.length(object.bases)), 0);
                        else if (object.bases.length >= 0)
                            message.bases = object.bases;
                return message;
            };

            /**
             * Creates a plain object from a SiftDetections message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.SiftDetections
             * @static
             * @param {qkdd.peer.SiftDetections} message SiftDetections
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            SiftDetections.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.slotCount = 0;
                    object.detectionCount = 0;
                    if (options.bytes === $String)
                        object.detectedSlots = "";
                    else {
                        object.detectedSlots = [];
                        if (options.bytes !== $Array)
                            object.detectedSlots = $util.newBuffer(object.detectedSlots);
                    }
                    if (options.bytes === $String)
                        object.bases = "";
                    else {
                        object.bases = [];
                        if (options.bytes !== $Array)
                            object.bases = $util.newBuffer(object.bases);
                    }
                }
                if (message.slotCount != null && $Object.hasOwnProperty.call(message, "slotCount"))
                    object.slotCount = message.slotCount;
                if (message.detectionCount != null && $Object.hasOwnProperty.call(message, "detectionCount"))
                    object.detectionCount = message.detectionCount;
                if (message.detectedSlots != null && $Object.hasOwnProperty.call(message, "detectedSlots"))
                    object.detectedSlots = options.bytes === $String ? $util.base64.encode(message.detectedSlots, 0, message.detectedSlots.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.detectedSlots) : message.detectedSlots;
                if (message.bases != null && $Object.hasOwnProperty.call(message, "bases"))
                    object.bases = options.bytes === $String ? $util.base64.encode(message.bases, 0, message.bases.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.bases) : message.bases;
                return object;
            };

            /**
             * Converts this SiftDetections to JSON.
             * @function toJSON
             * @memberof qkdd.peer.SiftDetections
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            SiftDetections.prototype.toJSON = function() {
                return SiftDetections.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for SiftDetections
             * @function getTypeUrl
             * @memberof qkdd.peer.SiftDetections
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SiftDetections.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.SiftDetections";
            };

            return SiftDetections;
        })();

        peer.SiftMatch = (function() {

            /**
             * Properties of a SiftMatch.
             * @typedef {Object} qkdd.peer.SiftMatch.$Properties
             * @property {number|null} [detectionCount] SiftMatch detectionCount
             * @property {Uint8Array|null} [matchMask] SiftMatch matchMask
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SiftMatch.
             * @memberof qkdd.peer
             * @interface ISiftMatch
             * @augments qkdd.peer.SiftMatch.$Properties
             * @deprecated Use qkdd.peer.SiftMatch.$Properties instead.
             */

            /**
             * Shape of a SiftMatch.
             * @typedef {qkdd.peer.SiftMatch.$Properties} qkdd.peer.SiftMatch.$Shape
             */

            /**
             * Constructs a new SiftMatch.
             * @memberof qkdd.peer
             * @classdesc Represents a SiftMatch.
             * @constructor
             * @param {qkdd.peer.SiftMatch.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SiftMatch = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SiftMatch detectionCount.
             * @member {number} detectionCount
             * @memberof qkdd.peer.SiftMatch
             * @instance
             */
            SiftMatch.prototype.detectionCount = 0;

            /**
             * SiftMatch matchMask.
             * @member {Uint8Array} matchMask
             * @memberof qkdd.peer.SiftMatch
             * @instance
             */
            SiftMatch.prototype.matchMask = $util.newBuffer([]);

            /**
             * Creates a new SiftMatch instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.SiftMatch
             * @static
             * @param {qkdd.peer.SiftMatch.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.SiftMatch} SiftMatch instance
             * @type {{
             *   (properties: qkdd.peer.SiftMatch.$Shape): qkdd.peer.SiftMatch & qkdd.peer.SiftMatch.$Shape;
             *   (properties?: qkdd.peer.SiftMatch.$Properties): qkdd.peer.SiftMatch;
             * }}
             */
            SiftMatch.create = function(properties) {
                return new SiftMatch(properties);
            };

            /**
             * Encodes the specified SiftMatch message. Does not implicitly {@link qkdd.peer.SiftMatch.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.SiftMatch
             * @static
             * @param {qkdd.peer.SiftMatch.$Properties} message SiftMatch message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SiftMatch.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.detectionCount != null && $Object.hasOwnProperty.call(message, "detectionCount") && message.detectionCount !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.detectionCount);
                if (message.matchMask != null && $Object.hasOwnProperty.call(message, "matchMask") && message.matchMask.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.matchMask);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified SiftMatch message, length delimited. Does not implicitly {@link qkdd.peer.SiftMatch.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.SiftMatch
             * @static
             * @param {qkdd.peer.SiftMatch.$Properties} message SiftMatch message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SiftMatch.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a SiftMatch message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.SiftMatch
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.SiftMatch & qkdd.peer.SiftMatch.$Shape} SiftMatch
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SiftMatch.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.SiftMatch();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.detectionCount = value;
                            else
                                delete message.detectionCount;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.matchMask = value;
                            else
                                delete message.matchMask;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a SiftMatch message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.SiftMatch
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.SiftMatch & qkdd.peer.SiftMatch.$Shape} SiftMatch
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SiftMatch.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a SiftMatch message.
             * @function verify
             * @memberof qkdd.peer.SiftMatch
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            SiftMatch.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.detectionCount != null && $Object.hasOwnProperty.call(message, "detectionCount"))
                    if (!$util.isInteger(message.detectionCount))
                        return "detectionCount: integer expected";
                if (message.matchMask != null && $Object.hasOwnProperty.call(message, "matchMask"))
                    if (!(message.matchMask && typeof message.matchMask.length === "number" || $util.isString(message.matchMask)))
                        return "matchMask: buffer expected";
                return null;
            };

            /**
             * Creates a SiftMatch message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.SiftMatch
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.SiftMatch} SiftMatch
             */
            SiftMatch.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.SiftMatch)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.SiftMatch: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.SiftMatch();
                if (object.detectionCount != null)
                    if ($Number(object.detectionCount) !== 0)
                        message.detectionCount = object.detectionCount >>> 0;
                if (object.matchMask != null)
                    if (object.matchMask.length)
                        if (typeof object.matchMask === "string")
                            $util.base64.decode(object.matchMask, message.matchMask = $util.newBuffer($util.base64.length(object.matchMask)), 0);
                        else if (object.matchMask.length >= 0)
                            message.matchMask = object.matchMask;
                return message;
            };

            /**
             * Creates a plain object from a SiftMatch message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.SiftMatch
             * @static
             * @param {qkdd.peer.SiftMatch} message SiftMatch
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            SiftMatch.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.detectionCount = 0;
                    if (options.bytes === $String)
                        object.matchMask = "";
                    else {
                        object.matchMask = [];
                        if (options.bytes !== $Array)
                            object.matchMask = $util.newBuffer(object.matchMask);
                    }
                }
                if (message.detectionCount != null && $Object.hasOwnProperty.call(message, "detectionCount"))
                    object.detectionCount = message.detectionCount;
                if (message.matchMask != null && $Object.hasOwnProperty.call(message, "matchMask"))
                    object.matchMask = options.bytes === $String ? $util.base64.encode(message.matchMask, 0, message.matchMask.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.matchMask) : message.matchMask;
                return object;
            };

            /**
             * Converts this SiftMatch to JSON.
             * @function toJSON
             * @memberof qkdd.peer.SiftMatch
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            SiftMatch.prototype.toJSON = function() {
                return SiftMatch.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for SiftMatch
             * @function getTypeUrl
             * @memberof qkdd.peer.SiftMatch
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SiftMatch.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.SiftMatch";
            };

            return SiftMatch;
        })();

        peer.IntensityClasses = (function() {

            /**
             * Properties of an IntensityClasses.
             * @typedef {Object} qkdd.peer.IntensityClasses.$Properties
             * @property {number|null} [count] IntensityClasses count
             * @property {Uint8Array|null} [classes] IntensityClasses classes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an IntensityClasses.
             * @memberof qkdd.peer
             * @interface IIntensityClasses
             * @augments qkdd.peer.IntensityClasses.$Properties
             * @deprecated Use qkdd.peer.IntensityClasses.$Properties instead.
             */

            /**
             * Shape of an IntensityClasses.
             * @typedef {qkdd.peer.IntensityClasses.$Properties} qkdd.peer.IntensityClasses.$Shape
             */

            /**
             * Constructs a new IntensityClasses.
             * @memberof qkdd.peer
             * @classdesc Represents an IntensityClasses.
             * @constructor
             * @param {qkdd.peer.IntensityClasses.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const IntensityClasses = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * IntensityClasses count.
             * @member {number} count
             * @memberof qkdd.peer.IntensityClasses
             * @instance
             */
            IntensityClasses.prototype.count = 0;

            /**
             * IntensityClasses classes.
             * @member {Uint8Array} classes
             * @memberof qkdd.peer.IntensityClasses
             * @instance
             */
            IntensityClasses.prototype.classes = $util.newBuffer([]);

            /**
             * Creates a new IntensityClasses instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.IntensityClasses
             * @static
             * @param {qkdd.peer.IntensityClasses.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.IntensityClasses} IntensityClasses instance
             * @type {{
             *   (properties: qkdd.peer.IntensityClasses.$Shape): qkdd.peer.IntensityClasses & qkdd.peer.IntensityClasses.$Shape;
             *   (properties?: qkdd.peer.IntensityClasses.$Properties): qkdd.peer.IntensityClasses;
             * }}
             */
            IntensityClasses.create = function(properties) {
                return new IntensityClasses(properties);
            };

            /**
             * Encodes the specified IntensityClasses message. Does not implicitly {@link qkdd.peer.IntensityClasses.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.IntensityClasses
             * @static
             * @param {qkdd.peer.IntensityClasses.$Properties} message IntensityClasses message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            IntensityClasses.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.count != null && $Object.hasOwnProperty.call(message, "count") && message.count !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.count);
                if (message.classes != null && $Object.hasOwnProperty.call(message, "classes") && message.classes.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.classes);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified IntensityClasses message, length delimited. Does not implicitly {@link qkdd.peer.IntensityClasses.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.IntensityClasses
             * @static
             * @param {qkdd.peer.IntensityClasses.$Properties} message IntensityClasses message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            IntensityClasses.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an IntensityClasses message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.IntensityClasses
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.IntensityClasses & qkdd.peer.IntensityClasses.$Shape} IntensityClasses
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            IntensityClasses.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.IntensityClasses();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.count = value;
                            else
                                delete message.count;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.classes = value;
                            else
                                delete message.classes;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an IntensityClasses message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.IntensityClasses
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.IntensityClasses & qkdd.peer.IntensityClasses.$Shape} IntensityClasses
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            IntensityClasses.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an IntensityClasses message.
             * @function verify
             * @memberof qkdd.peer.IntensityClasses
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            IntensityClasses.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.count != null && $Object.hasOwnProperty.call(message, "count"))
                    if (!$util.isInteger(message.count))
                        return "count: integer expected";
                if (message.classes != null && $Object.hasOwnProperty.call(message, "classes"))
                    if (!(message.classes && typeof message.classes.length === "number" || $util.isString(message.classes)))
                        return "classes: buffer expected";
                return null;
            };

            /**
             * Creates an IntensityClasses message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.IntensityClasses
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.IntensityClasses} IntensityClasses
             */
            IntensityClasses.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.IntensityClasses)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.IntensityClasses: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.IntensityClasses();
                if (object.count != null)
                    if ($Number(object.count) !== 0)
                        message.count = object.count >>> 0;
                if (object.classes != null)
                    if (object.classes.length)
                        if (typeof object.classes === "string")
                            $util.base64.decode(object.classes, message.classes = $util.newBuffer($util.base64.length(object.classes)), 0);
                        else if (object.classes.length >= 0)
                            message.classes = object.classes;
                return message;
            };

            /**
             * Creates a plain object from an IntensityClasses message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.IntensityClasses
             * @static
             * @param {qkdd.peer.IntensityClasses} message IntensityClasses
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            IntensityClasses.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.count = 0;
                    if (options.bytes === $String)
                        object.classes = "";
                    else {
                        object.classes = [];
                        if (options.bytes !== $Array)
                            object.classes = $util.newBuffer(object.classes);
                    }
                }
                if (message.count != null && $Object.hasOwnProperty.call(message, "count"))
                    object.count = message.count;
                if (message.classes != null && $Object.hasOwnProperty.call(message, "classes"))
                    object.classes = options.bytes === $String ? $util.base64.encode(message.classes, 0, message.classes.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.classes) : message.classes;
                return object;
            };

            /**
             * Converts this IntensityClasses to JSON.
             * @function toJSON
             * @memberof qkdd.peer.IntensityClasses
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            IntensityClasses.prototype.toJSON = function() {
                return IntensityClasses.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for IntensityClasses
             * @function getTypeUrl
             * @memberof qkdd.peer.IntensityClasses
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            IntensityClasses.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.IntensityClasses";
            };

            return IntensityClasses;
        })();

        peer.EstimationDisclosure = (function() {

            /**
             * Properties of an EstimationDisclosure.
             * @typedef {Object} qkdd.peer.EstimationDisclosure.$Properties
             * @property {number|null} [count] EstimationDisclosure count
             * @property {Uint8Array|null} [positions] EstimationDisclosure positions
             * @property {Uint8Array|null} [bits] EstimationDisclosure bits
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an EstimationDisclosure.
             * @memberof qkdd.peer
             * @interface IEstimationDisclosure
             * @augments qkdd.peer.EstimationDisclosure.$Properties
             * @deprecated Use qkdd.peer.EstimationDisclosure.$Properties instead.
             */

            /**
             * Shape of an EstimationDisclosure.
             * @typedef {qkdd.peer.EstimationDisclosure.$Properties} qkdd.peer.EstimationDisclosure.$Shape
             */

            /**
             * Constructs a new EstimationDisclosure.
             * @memberof qkdd.peer
             * @classdesc Represents an EstimationDisclosure.
             * @constructor
             * @param {qkdd.peer.EstimationDisclosure.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const EstimationDisclosure = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * EstimationDisclosure count.
             * @member {number} count
             * @memberof qkdd.peer.EstimationDisclosure
             * @instance
             */
            EstimationDisclosure.prototype.count = 0;

            /**
             * EstimationDisclosure positions.
             * @member {Uint8Array} positions
             * @memberof qkdd.peer.EstimationDisclosure
             * @instance
             */
            EstimationDisclosure.prototype.positions = $util.newBuffer([]);

            /**
             * EstimationDisclosure bits.
             * @member {Uint8Array} bits
             * @memberof qkdd.peer.EstimationDisclosure
             * @instance
             */
            EstimationDisclosure.prototype.bits = $util.newBuffer([]);

            /**
             * Creates a new EstimationDisclosure instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.EstimationDisclosure
             * @static
             * @param {qkdd.peer.EstimationDisclosure.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.EstimationDisclosure} EstimationDisclosure instance
             * @type {{
             *   (properties: qkdd.peer.EstimationDisclosure.$Shape): qkdd.peer.EstimationDisclosure & qkdd.peer.EstimationDisclosure.$Shape;
             *   (properties?: qkdd.peer.EstimationDisclosure.$Properties): qkdd.peer.EstimationDisclosure;
             * }}
             */
            EstimationDisclosure.create = function(properties) {
                return new EstimationDisclosure(properties);
            };

            /**
             * Encodes the specified EstimationDisclosure message. Does not implicitly {@link qkdd.peer.EstimationDisclosure.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.EstimationDisclosure
             * @static
             * @param {qkdd.peer.EstimationDisclosure.$Properties} message EstimationDisclosure message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            EstimationDisclosure.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.count != null && $Object.hasOwnProperty.call(message, "count") && message.count !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.count);
                if (message.positions != null && $Object.hasOwnProperty.call(message, "positions") && message.positions.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.positions);
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits") && message.bits.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.bits);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified EstimationDisclosure message, length delimited. Does not implicitly {@link qkdd.peer.EstimationDisclosure.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.EstimationDisclosure
             * @static
             * @param {qkdd.peer.EstimationDisclosure.$Properties} message EstimationDisclosure message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            EstimationDisclosure.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an EstimationDisclosure message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.EstimationDisclosure
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.EstimationDisclosure & qkdd.peer.EstimationDisclosure.$Shape} EstimationDisclosure
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            EstimationDisclosure.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.EstimationDisclosure();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.count = value;
                            else
                                delete message.count;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.positions = value;
                            else
                                delete message.positions;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.bits = value;
                            else
                                delete message.bits;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an EstimationDisclosure message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.EstimationDisclosure
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.EstimationDisclosure & qkdd.peer.EstimationDisclosure.$Shape} EstimationDisclosure
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            EstimationDisclosure.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an EstimationDisclosure message.
             * @function verify
             * @memberof qkdd.peer.EstimationDisclosure
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            EstimationDisclosure.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.count != null && $Object.hasOwnProperty.call(message, "count"))
                    if (!$util.isInteger(message.count))
                        return "count: integer expected";
                if (message.positions != null && $Object.hasOwnProperty.call(message, "positions"))
                    if (!(message.positions && typeof message.positions.length === "number" || $util.isString(message.positions)))
                        return "positions: buffer expected";
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits"))
                    if (!(message.bits && typeof message.bits.length === "number" || $util.isString(message.bits)))
                        return "bits: buffer expected";
                return null;
            };

            /**
             * Creates an EstimationDisclosure message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.EstimationDisclosure
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.EstimationDisclosure} EstimationDisclosure
             */
            EstimationDisclosure.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.EstimationDisclosure)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.EstimationDisclosure: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.EstimationDisclosure();
                if (object.count != null)
                    if ($Number(object.count) !== 0)
                        message.count = object.count >>> 0;
                if (object.positions != null)
                    if (object.positions.length)
                        if (typeof object.positions === "string")
                            $util.base64.decode(object.positions, message.positions = $util.newBuffer($util.base64.length(object.positions)), 0);
                        else if (object.positions.length >= 0)
                            message.positions = object.positions;
                if (object.bits != null)
                    if (object.bits.length)
                        if (typeof object.bits === "string")
                            $util.base64.decode(object.bits, message.bits = $util.newBuffer($util.base64.length(object.bits)), 0);
                        else if (object.bits.length >= 0)
                            message.bits = object.bits;
                return message;
            };

            /**
             * Creates a plain object from an EstimationDisclosure message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.EstimationDisclosure
             * @static
             * @param {qkdd.peer.EstimationDisclosure} message EstimationDisclosure
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            EstimationDisclosure.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.count = 0;
                    if (options.bytes === $String)
                        object.positions = "";
                    else {
                        object.positions = [];
                        if (options.bytes !== $Array)
                            object.positions = $util.newBuffer(object.positions);
                    }
                    if (options.bytes === $String)
                        object.bits = "";
                    else {
                        object.bits = [];
                        if (options.bytes !== $Array)
                            object.bits = $util.newBuffer(object.bits);
                    }
                }
                if (message.count != null && $Object.hasOwnProperty.call(message, "count"))
                    object.count = message.count;
                if (message.positions != null && $Object.hasOwnProperty.call(message, "positions"))
                    object.positions = options.bytes === $String ? $util.base64.encode(message.positions, 0, message.positions.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.positions) : message.positions;
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits"))
                    object.bits = options.bytes === $String ? $util.base64.encode(message.bits, 0, message.bits.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.bits) : message.bits;
                return object;
            };

            /**
             * Converts this EstimationDisclosure to JSON.
             * @function toJSON
             * @memberof qkdd.peer.EstimationDisclosure
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            EstimationDisclosure.prototype.toJSON = function() {
                return EstimationDisclosure.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for EstimationDisclosure
             * @function getTypeUrl
             * @memberof qkdd.peer.EstimationDisclosure
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            EstimationDisclosure.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.EstimationDisclosure";
            };

            return EstimationDisclosure;
        })();

        peer.CascadeRequest = (function() {

            /**
             * Properties of a CascadeRequest.
             * @typedef {Object} qkdd.peer.CascadeRequest.$Properties
             * @property {Uint8Array|null} [body] CascadeRequest body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CascadeRequest.
             * @memberof qkdd.peer
             * @interface ICascadeRequest
             * @augments qkdd.peer.CascadeRequest.$Properties
             * @deprecated Use qkdd.peer.CascadeRequest.$Properties instead.
             */

            /**
             * Shape of a CascadeRequest.
             * @typedef {qkdd.peer.CascadeRequest.$Properties} qkdd.peer.CascadeRequest.$Shape
             */

            /**
             * Constructs a new CascadeRequest.
             * @memberof qkdd.peer
             * @classdesc Represents a CascadeRequest.
             * @constructor
             * @param {qkdd.peer.CascadeRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CascadeRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CascadeRequest body.
             * @member {Uint8Array} body
             * @memberof qkdd.peer.CascadeRequest
             * @instance
             */
            CascadeRequest.prototype.body = $util.newBuffer([]);

            /**
             * Creates a new CascadeRequest instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.CascadeRequest
             * @static
             * @param {qkdd.peer.CascadeRequest.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.CascadeRequest} CascadeRequest instance
             * @type {{
             *   (properties: qkdd.peer.CascadeRequest.$Shape): qkdd.peer.CascadeRequest & qkdd.peer.CascadeRequest.$Shape;
             *   (properties?: qkdd.peer.CascadeRequest.$Properties): qkdd.peer.CascadeRequest;
             * }}
             */
            CascadeRequest.create = function(properties) {
                return new CascadeRequest(properties);
            };

            /**
             * Encodes the specified CascadeRequest message. Does not implicitly {@link qkdd.peer.CascadeRequest.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.CascadeRequest
             * @static
             * @param {qkdd.peer.CascadeRequest.$Properties} message CascadeRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CascadeRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.body != null && $Object.hasOwnProperty.call(message, "body") && message.body.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.body);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified CascadeRequest message, length delimited. Does not implicitly {@link qkdd.peer.CascadeRequest.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.CascadeRequest
             * @static
             * @param {qkdd.peer.CascadeRequest.$Properties} message CascadeRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CascadeRequest.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a CascadeRequest message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.CascadeRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.CascadeRequest & qkdd.peer.CascadeRequest.$Shape} CascadeRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CascadeRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.CascadeRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.body = value;
                            else
                                delete message.body;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a CascadeRequest message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.CascadeRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.CascadeRequest & qkdd.peer.CascadeRequest.$Shape} CascadeRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CascadeRequest.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a CascadeRequest message.
             * @function verify
             * @memberof qkdd.peer.CascadeRequest
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            CascadeRequest.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.body != null && $Object.hasOwnProperty.call(message, "body"))
                    if (!(message.body && typeof message.body.length === "number" || $util.isString(message.body)))
                        return "body: buffer expected";
                return null;
            };

            /**
             * Creates a CascadeRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.CascadeRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.CascadeRequest} CascadeRequest
             */
            CascadeRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.CascadeRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.CascadeRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.CascadeRequest();
                if (object.body != null)
                    if (object.body.length)
                        if (typeof object.body === "string")
                            $util.base64.decode(object.body, message.body = $util.newBuffer($util.base64.length(object.body)), 0);
                        else if (object.body.length >= 0)
                            message.body = object.body;
                return message;
            };

            /**
             * Creates a plain object from a CascadeRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.CascadeRequest
             * @static
             * @param {qkdd.peer.CascadeRequest} message CascadeRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            CascadeRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    if (options.bytes === $String)
                        object.body = "";
                    else {
                        object.body = [];
                        if (options.bytes !== $Array)
                            object.body = $util.newBuffer(object.body);
                    }
                if (message.body != null && $Object.hasOwnProperty.call(message, "body"))
                    object.body = options.bytes === $String ? $util.base64.encode(message.body, 0, message.body.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.body) : message.body;
                return object;
            };

            /**
             * Converts this CascadeRequest to JSON.
             * @function toJSON
             * @memberof qkdd.peer.CascadeRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            CascadeRequest.prototype.toJSON = function() {
                return CascadeRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for CascadeRequest
             * @function getTypeUrl
             * @memberof qkdd.peer.CascadeRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CascadeRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.CascadeRequest";
            };

            return CascadeRequest;
        })();

        peer.CascadeReply = (function() {

            /**
             * Properties of a CascadeReply.
             * @typedef {Object} qkdd.peer.CascadeReply.$Properties
             * @property {Uint8Array|null} [body] CascadeReply body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CascadeReply.
             * @memberof qkdd.peer
             * @interface ICascadeReply
             * @augments qkdd.peer.CascadeReply.$Properties
             * @deprecated Use qkdd.peer.CascadeReply.$Properties instead.
             */

            /**
             * Shape of a CascadeReply.
             * @typedef {qkdd.peer.CascadeReply.$Properties} qkdd.peer.CascadeReply.$Shape
             */

            /**
             * Constructs a new CascadeReply.
             * @memberof qkdd.peer
             * @classdesc Represents a CascadeReply.
             * @constructor
             * @param {qkdd.peer.CascadeReply.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CascadeReply = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CascadeReply body.
             * @member {Uint8Array} body
             * @memberof qkdd.peer.CascadeReply
             * @instance
             */
            CascadeReply.prototype.body = $util.newBuffer([]);

            /**
             * Creates a new CascadeReply instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.CascadeReply
             * @static
             * @param {qkdd.peer.CascadeReply.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.CascadeReply} CascadeReply instance
             * @type {{
             *   (properties: qkdd.peer.CascadeReply.$Shape): qkdd.peer.CascadeReply & qkdd.peer.CascadeReply.$Shape;
             *   (properties?: qkdd.peer.CascadeReply.$Properties): qkdd.peer.CascadeReply;
             * }}
             */
            CascadeReply.create = function(properties) {
                return new CascadeReply(properties);
            };

            /**
             * Encodes the specified CascadeReply message. Does not implicitly {@link qkdd.peer.CascadeReply.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.CascadeReply
             * @static
             * @param {qkdd.peer.CascadeReply.$Properties} message CascadeReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CascadeReply.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.body != null && $Object.hasOwnProperty.call(message, "body") && message.body.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.body);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified CascadeReply message, length delimited. Does not implicitly {@link qkdd.peer.CascadeReply.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.CascadeReply
             * @static
             * @param {qkdd.peer.CascadeReply.$Properties} message CascadeReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CascadeReply.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a CascadeReply message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.CascadeReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.CascadeReply & qkdd.peer.CascadeReply.$Shape} CascadeReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CascadeReply.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.CascadeReply();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.body = value;
                            else
                                delete message.body;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a CascadeReply message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.CascadeReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.CascadeReply & qkdd.peer.CascadeReply.$Shape} CascadeReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CascadeReply.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a CascadeReply message.
             * @function verify
             * @memberof qkdd.peer.CascadeReply
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            CascadeReply.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.body != null && $Object.hasOwnProperty.call(message, "body"))
                    if (!(message.body && typeof message.body.length === "number" || $util.isString(message.body)))
                        return "body: buffer expected";
                return null;
            };

            /**
             * Creates a CascadeReply message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.CascadeReply
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.CascadeReply} CascadeReply
             */
            CascadeReply.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.CascadeReply)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.CascadeReply: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.CascadeReply();
                if (object.body != null)
                    if (object.body.length)
                        if (typeof object.body === "string")
                            $util.base64.decode(object.body, message.body = $util.newBuffer($util.base64.length(object.body)), 0);
                        else if (object.body.length >= 0)
                            message.body = object.body;
                return message;
            };

            /**
             * Creates a plain object from a CascadeReply message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.CascadeReply
             * @static
             * @param {qkdd.peer.CascadeReply} message CascadeReply
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            CascadeReply.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    if (options.bytes === $String)
                        object.body = "";
                    else {
                        object.body = [];
                        if (options.bytes !== $Array)
                            object.body = $util.newBuffer(object.body);
                    }
                if (message.body != null && $Object.hasOwnProperty.call(message, "body"))
                    object.body = options.bytes === $String ? $util.base64.encode(message.body, 0, message.body.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.body) : message.body;
                return object;
            };

            /**
             * Converts this CascadeReply to JSON.
             * @function toJSON
             * @memberof qkdd.peer.CascadeReply
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            CascadeReply.prototype.toJSON = function() {
                return CascadeReply.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for CascadeReply
             * @function getTypeUrl
             * @memberof qkdd.peer.CascadeReply
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CascadeReply.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.CascadeReply";
            };

            return CascadeReply;
        })();

        peer.VerificationSeed = (function() {

            /**
             * Properties of a VerificationSeed.
             * @typedef {Object} qkdd.peer.VerificationSeed.$Properties
             * @property {Uint8Array|null} [seed] VerificationSeed seed
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a VerificationSeed.
             * @memberof qkdd.peer
             * @interface IVerificationSeed
             * @augments qkdd.peer.VerificationSeed.$Properties
             * @deprecated Use qkdd.peer.VerificationSeed.$Properties instead.
             */

            /**
             * Shape of a VerificationSeed.
             * @typedef {qkdd.peer.VerificationSeed.$Properties} qkdd.peer.VerificationSeed.$Shape
             */

            /**
             * Constructs a new VerificationSeed.
             * @memberof qkdd.peer
             * @classdesc Represents a VerificationSeed.
             * @constructor
             * @param {qkdd.peer.VerificationSeed.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const VerificationSeed = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * VerificationSeed seed.
             * @member {Uint8Array} seed
             * @memberof qkdd.peer.VerificationSeed
             * @instance
             */
            VerificationSeed.prototype.seed = $util.newBuffer([]);

            /**
             * Creates a new VerificationSeed instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.VerificationSeed
             * @static
             * @param {qkdd.peer.VerificationSeed.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.VerificationSeed} VerificationSeed instance
             * @type {{
             *   (properties: qkdd.peer.VerificationSeed.$Shape): qkdd.peer.VerificationSeed & qkdd.peer.VerificationSeed.$Shape;
             *   (properties?: qkdd.peer.VerificationSeed.$Properties): qkdd.peer.VerificationSeed;
             * }}
             */
            VerificationSeed.create = function(properties) {
                return new VerificationSeed(properties);
            };

            /**
             * Encodes the specified VerificationSeed message. Does not implicitly {@link qkdd.peer.VerificationSeed.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.VerificationSeed
             * @static
             * @param {qkdd.peer.VerificationSeed.$Properties} message VerificationSeed message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            VerificationSeed.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seed != null && $Object.hasOwnProperty.call(message, "seed") && message.seed.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.seed);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified VerificationSeed message, length delimited. Does not implicitly {@link qkdd.peer.VerificationSeed.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.VerificationSeed
             * @static
             * @param {qkdd.peer.VerificationSeed.$Properties} message VerificationSeed message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            VerificationSeed.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a VerificationSeed message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.VerificationSeed
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.VerificationSeed & qkdd.peer.VerificationSeed.$Shape} VerificationSeed
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            VerificationSeed.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.VerificationSeed();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.seed = value;
                            else
                                delete message.seed;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a VerificationSeed message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.VerificationSeed
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.VerificationSeed & qkdd.peer.VerificationSeed.$Shape} VerificationSeed
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            VerificationSeed.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a VerificationSeed message.
             * @function verify
             * @memberof qkdd.peer.VerificationSeed
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            VerificationSeed.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.seed != null && $Object.hasOwnProperty.call(message, "seed"))
                    if (!(message.seed && typeof message.seed.length === "number" || $util.isString(message.seed)))
                        return "seed: buffer expected";
                return null;
            };

            /**
             * Creates a VerificationSeed message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.VerificationSeed
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.VerificationSeed} VerificationSeed
             */
            VerificationSeed.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.VerificationSeed)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.VerificationSeed: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.VerificationSeed();
                if (object.seed != null)
                    if (object.seed.length)
                        if (typeof object.seed === "string")
                            $util.base64.decode(object.seed, message.seed = $util.newBuffer($util.base64.length(object.seed)), 0);
                        else if (object.seed.length >= 0)
                            message.seed = object.seed;
                return message;
            };

            /**
             * Creates a plain object from a VerificationSeed message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.VerificationSeed
             * @static
             * @param {qkdd.peer.VerificationSeed} message VerificationSeed
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            VerificationSeed.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    if (options.bytes === $String)
                        object.seed = "";
                    else {
                        object.seed = [];
                        if (options.bytes !== $Array)
                            object.seed = $util.newBuffer(object.seed);
                    }
                if (message.seed != null && $Object.hasOwnProperty.call(message, "seed"))
                    object.seed = options.bytes === $String ? $util.base64.encode(message.seed, 0, message.seed.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.seed) : message.seed;
                return object;
            };

            /**
             * Converts this VerificationSeed to JSON.
             * @function toJSON
             * @memberof qkdd.peer.VerificationSeed
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            VerificationSeed.prototype.toJSON = function() {
                return VerificationSeed.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for VerificationSeed
             * @function getTypeUrl
             * @memberof qkdd.peer.VerificationSeed
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            VerificationSeed.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.VerificationSeed";
            };

            return VerificationSeed;
        })();

        peer.VerificationTag = (function() {

            /**
             * Properties of a VerificationTag.
             * @typedef {Object} qkdd.peer.VerificationTag.$Properties
             * @property {Uint8Array|null} [tag] VerificationTag tag
             * @property {number|null} [keyBits] VerificationTag keyBits
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a VerificationTag.
             * @memberof qkdd.peer
             * @interface IVerificationTag
             * @augments qkdd.peer.VerificationTag.$Properties
             * @deprecated Use qkdd.peer.VerificationTag.$Properties instead.
             */

            /**
             * Shape of a VerificationTag.
             * @typedef {qkdd.peer.VerificationTag.$Properties} qkdd.peer.VerificationTag.$Shape
             */

            /**
             * Constructs a new VerificationTag.
             * @memberof qkdd.peer
             * @classdesc Represents a VerificationTag.
             * @constructor
             * @param {qkdd.peer.VerificationTag.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const VerificationTag = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * VerificationTag tag.
             * @member {Uint8Array} tag
             * @memberof qkdd.peer.VerificationTag
             * @instance
             */
            VerificationTag.prototype.tag = $util.newBuffer([]);

            /**
             * VerificationTag keyBits.
             * @member {number} keyBits
             * @memberof qkdd.peer.VerificationTag
             * @instance
             */
            VerificationTag.prototype.keyBits = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new VerificationTag instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.VerificationTag
             * @static
             * @param {qkdd.peer.VerificationTag.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.VerificationTag} VerificationTag instance
             * @type {{
             *   (properties: qkdd.peer.VerificationTag.$Shape): qkdd.peer.VerificationTag & qkdd.peer.VerificationTag.$Shape;
             *   (properties?: qkdd.peer.VerificationTag.$Properties): qkdd.peer.VerificationTag;
             * }}
             */
            VerificationTag.create = function(properties) {
                return new VerificationTag(properties);
            };

            /**
             * Encodes the specified VerificationTag message. Does not implicitly {@link qkdd.peer.VerificationTag.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.VerificationTag
             * @static
             * @param {qkdd.peer.VerificationTag.$Properties} message VerificationTag message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            VerificationTag.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.tag != null && $Object.hasOwnProperty.call(message, "tag") && message.tag.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.tag);
                if (message.keyBits != null && $Object.hasOwnProperty.call(message, "keyBits") && (typeof message.keyBits === "object" ? message.keyBits.low || message.keyBits.high : message.keyBits !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.keyBits);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified VerificationTag message, length delimited. Does not implicitly {@link qkdd.peer.VerificationTag.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.VerificationTag
             * @static
             * @param {qkdd.peer.VerificationTag.$Properties} message VerificationTag message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            VerificationTag.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a VerificationTag message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.VerificationTag
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.VerificationTag & qkdd.peer.VerificationTag.$Shape} VerificationTag
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            VerificationTag.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.VerificationTag();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.tag = value;
                            else
                                delete message.tag;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.keyBits = value;
                            else
                                delete message.keyBits;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a VerificationTag message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.VerificationTag
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.VerificationTag & qkdd.peer.VerificationTag.$Shape} VerificationTag
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            VerificationTag.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a VerificationTag message.
             * @function verify
             * @memberof qkdd.peer.VerificationTag
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            VerificationTag.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.tag != null && $Object.hasOwnProperty.call(message, "tag"))
                    if (!(message.tag && typeof message.tag.length === "number" || $util.isString(message.tag)))
                        return "tag: buffer expected";
                if (message.keyBits != null && $Object.hasOwnProperty.call(message, "keyBits"))
                    if (!$util.isInteger(message.keyBits) && !(message.keyBits && $util.isInteger(message.keyBits.low) && $util.isInteger(message.keyBits.high)))
                        return "keyBits: integer|Long expected";
                return null;
            };

            /**
             * Creates a VerificationTag message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.VerificationTag
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.VerificationTag} VerificationTag
             */
            VerificationTag.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.VerificationTag)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.VerificationTag: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.VerificationTag();
                if (object.tag != null)
                    if (object.tag.length)
                        if (typeof object.tag === "string")
                            $util.base64.decode(object.tag, message.tag = $util.newBuffer($util.base64.length(object.tag)), 0);
                        else if (object.tag.length >= 0)
                            message.tag = object.tag;
                if (object.keyBits != null)
                    if (typeof object.keyBits === "object" ? object.keyBits.low || object.keyBits.high : $Number(object.keyBits) !== 0)
                        if ($util.Long)
                            message.keyBits = $util.Long.fromValue(object.keyBits, true);
                        else if (typeof object.keyBits === "string")
                            message.keyBits = $parseInt(object.keyBits, 10);
                        else if (typeof object.keyBits === "number")
                            message.keyBits = object.keyBits;
                        else if (typeof object.keyBits === "object")
                            message.keyBits = new $util.LongBits(object.keyBits.low >>> 0, object.keyBits.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a VerificationTag message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.VerificationTag
             * @static
             * @param {qkdd.peer.VerificationTag} message VerificationTag
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            VerificationTag.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.tag = "";
                    else {
                        object.tag = [];
                        if (options.bytes !== $Array)
                            object.tag = $util.newBuffer(object.tag);
                    }
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.keyBits = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.keyBits = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.tag != null && $Object.hasOwnProperty.call(message, "tag"))
                    object.tag = options.bytes === $String ? $util.base64.encode(message.tag, 0, message.tag.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.tag) : message.tag;
                if (message.keyBits != null && $Object.hasOwnProperty.call(message, "keyBits"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.keyBits = typeof message.keyBits === "number" ? $BigInt(message.keyBits) : $util.Long.fromBits(message.keyBits.low >>> 0, message.keyBits.high >>> 0, true).toBigInt();
                    else if (typeof message.keyBits === "number")
                        object.keyBits = options.longs === $String ? $String(message.keyBits) : message.keyBits;
                    else
                        object.keyBits = options.longs === $String ? $util.Long.prototype.toString.call(message.keyBits) : options.longs === $Number ? new $util.LongBits(message.keyBits.low >>> 0, message.keyBits.high >>> 0).toNumber(true) : message.keyBits;
                return object;
            };

            /**
             * Converts this VerificationTag to JSON.
             * @function toJSON
             * @memberof qkdd.peer.VerificationTag
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            VerificationTag.prototype.toJSON = function() {
                return VerificationTag.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for VerificationTag
             * @function getTypeUrl
             * @memberof qkdd.peer.VerificationTag
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            VerificationTag.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.VerificationTag";
            };

            return VerificationTag;
        })();

        peer.PrivacyAmplificationSeed = (function() {

            /**
             * Properties of a PrivacyAmplificationSeed.
             * @typedef {Object} qkdd.peer.PrivacyAmplificationSeed.$Properties
             * @property {Uint8Array|null} [seed] PrivacyAmplificationSeed seed
             * @property {number|null} [inputBits] PrivacyAmplificationSeed inputBits
             * @property {number|null} [outputBits] PrivacyAmplificationSeed outputBits
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PrivacyAmplificationSeed.
             * @memberof qkdd.peer
             * @interface IPrivacyAmplificationSeed
             * @augments qkdd.peer.PrivacyAmplificationSeed.$Properties
             * @deprecated Use qkdd.peer.PrivacyAmplificationSeed.$Properties instead.
             */

            /**
             * Shape of a PrivacyAmplificationSeed.
             * @typedef {qkdd.peer.PrivacyAmplificationSeed.$Properties} qkdd.peer.PrivacyAmplificationSeed.$Shape
             */

            /**
             * Constructs a new PrivacyAmplificationSeed.
             * @memberof qkdd.peer
             * @classdesc Represents a PrivacyAmplificationSeed.
             * @constructor
             * @param {qkdd.peer.PrivacyAmplificationSeed.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const PrivacyAmplificationSeed = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PrivacyAmplificationSeed seed.
             * @member {Uint8Array} seed
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @instance
             */
            PrivacyAmplificationSeed.prototype.seed = $util.newBuffer([]);

            /**
             * PrivacyAmplificationSeed inputBits.
             * @member {number} inputBits
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @instance
             */
            PrivacyAmplificationSeed.prototype.inputBits = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * PrivacyAmplificationSeed outputBits.
             * @member {number} outputBits
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @instance
             */
            PrivacyAmplificationSeed.prototype.outputBits = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new PrivacyAmplificationSeed instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @static
             * @param {qkdd.peer.PrivacyAmplificationSeed.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.PrivacyAmplificationSeed} PrivacyAmplificationSeed instance
             * @type {{
             *   (properties: qkdd.peer.PrivacyAmplificationSeed.$Shape): qkdd.peer.PrivacyAmplificationSeed & qkdd.peer.PrivacyAmplificationSeed.$Shape;
             *   (properties?: qkdd.peer.PrivacyAmplificationSeed.$Properties): qkdd.peer.PrivacyAmplificationSeed;
             * }}
             */
            PrivacyAmplificationSeed.create = function(properties) {
                return new PrivacyAmplificationSeed(properties);
            };

            /**
             * Encodes the specified PrivacyAmplificationSeed message. Does not implicitly {@link qkdd.peer.PrivacyAmplificationSeed.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @static
             * @param {qkdd.peer.PrivacyAmplificationSeed.$Properties} message PrivacyAmplificationSeed message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PrivacyAmplificationSeed.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seed != null && $Object.hasOwnProperty.call(message, "seed") && message.seed.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.seed);
                if (message.inputBits != null && $Object.hasOwnProperty.call(message, "inputBits") && (typeof message.inputBits === "object" ? message.inputBits.low || message.inputBits.high : message.inputBits !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.inputBits);
                if (message.outputBits != null && $Object.hasOwnProperty.call(message, "outputBits") && (typeof message.outputBits === "object" ? message.outputBits.low || message.outputBits.high : message.outputBits !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.outputBits);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified PrivacyAmplificationSeed message, length delimited. Does not implicitly {@link qkdd.peer.PrivacyAmplificationSeed.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @static
             * @param {qkdd.peer.PrivacyAmplificationSeed.$Properties} message PrivacyAmplificationSeed message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PrivacyAmplificationSeed.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a PrivacyAmplificationSeed message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.PrivacyAmplificationSeed & qkdd.peer.PrivacyAmplificationSeed.$Shape} PrivacyAmplificationSeed
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PrivacyAmplificationSeed.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.PrivacyAmplificationSeed();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.seed = value;
                            else
                                delete message.seed;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.inputBits = value;
                            else
                                delete message.inputBits;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.outputBits = value;
                            else
                                delete message.outputBits;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a PrivacyAmplificationSeed message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.PrivacyAmplificationSeed & qkdd.peer.PrivacyAmplificationSeed.$Shape} PrivacyAmplificationSeed
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PrivacyAmplificationSeed.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a PrivacyAmplificationSeed message.
             * @function verify
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            PrivacyAmplificationSeed.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.seed != null && $Object.hasOwnProperty.call(message, "seed"))
                    if (!(message.seed && typeof message.seed.length === "number" || $util.isString(message.seed)))
                        return "seed: buffer expected";
                if (message.inputBits != null && $Object.hasOwnProperty.call(message, "inputBits"))
                    if (!$util.isInteger(message.inputBits) && !(message.inputBits && $util.isInteger(message.inputBits.low) && $util.isInteger(message.inputBits.high)))
                        return "inputBits: integer|Long expected";
                if (message.outputBits != null && $Object.hasOwnProperty.call(message, "outputBits"))
                    if (!$util.isInteger(message.outputBits) && !(message.outputBits && $util.isInteger(message.outputBits.low) && $util.isInteger(message.outputBits.high)))
                        return "outputBits: integer|Long expected";
                return null;
            };

            /**
             * Creates a PrivacyAmplificationSeed message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.PrivacyAmplificationSeed} PrivacyAmplificationSeed
             */
            PrivacyAmplificationSeed.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.PrivacyAmplificationSeed)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.PrivacyAmplificationSeed: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.PrivacyAmplificationSeed();
                if (object.seed != null)
                    if (object.seed.length)
                        if (typeof object.seed === "string")
                            $util.base64.decode(object.seed, message.seed = $util.newBuffer($util.base64.length(object.seed)), 0);
                        else if (object.seed.length >= 0)
                            message.seed = object.seed;
                if (object.inputBits != null)
                    if (typeof object.inputBits === "object" ? object.inputBits.low || object.inputBits.high : $Number(object.inputBits) !== 0)
                        if ($util.Long)
                            message.inputBits = $util.Long.fromValue(object.inputBits, true);
                        else if (typeof object.inputBits === "string")
                            message.inputBits = $parseInt(object.inputBits, 10);
                        else if (typeof object.inputBits === "number")
                            message.inputBits = object.inputBits;
                        else if (typeof object.inputBits === "object")
                            message.inputBits = new $util.LongBits(object.inputBits.low >>> 0, object.inputBits.high >>> 0).toNumber(true);
                if (object.outputBits != null)
                    if (typeof object.outputBits === "object" ? object.outputBits.low || object.outputBits.high : $Number(object.outputBits) !== 0)
                        if ($util.Long)
                            message.outputBits = $util.Long.fromValue(object.outputBits, true);
                        else if (typeof object.outputBits === "string")
                            message.outputBits = $parseInt(object.outputBits, 10);
                        else if (typeof object.outputBits === "number")
                            message.outputBits = object.outputBits;
                        else if (typeof object.outputBits === "object")
                            message.outputBits = new $util.LongBits(object.outputBits.low >>> 0, object.outputBits.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a PrivacyAmplificationSeed message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @static
             * @param {qkdd.peer.PrivacyAmplificationSeed} message PrivacyAmplificationSeed
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            PrivacyAmplificationSeed.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.seed = "";
                    else {
                        object.seed = [];
                        if (options.bytes !== $Array)
                            object.seed = $util.newBuffer(object.seed);
                    }
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.inputBits = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.inputBits = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.outputBits = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.outputBits = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.seed != null && $Object.hasOwnProperty.call(message, "seed"))
                    object.seed = options.bytes === $String ? $util.base64.encode(message.seed, 0, message.seed.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.seed) : message.seed;
                if (message.inputBits != null && $Object.hasOwnProperty.call(message, "inputBits"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.inputBits = typeof message.inputBits === "number" ? $BigInt(message.inputBits) : $util.Long.fromBits(message.inputBits.low >>> 0, message.inputBits.high >>> 0, true).toBigInt();
                    else if (typeof message.inputBits === "number")
                        object.inputBits = options.longs === $String ? $String(message.inputBits) : message.inputBits;
                    else
                        object.inputBits = options.longs === $String ? $util.Long.prototype.toString.call(message.inputBits) : options.longs === $Number ? new $util.LongBits(message.inputBits.low >>> 0, message.inputBits.high >>> 0).toNumber(true) : message.inputBits;
                if (message.outputBits != null && $Object.hasOwnProperty.call(message, "outputBits"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.outputBits = typeof message.outputBits === "number" ? $BigInt(message.outputBits) : $util.Long.fromBits(message.outputBits.low >>> 0, message.outputBits.high >>> 0, true).toBigInt();
                    else if (typeof message.outputBits === "number")
                        object.outputBits = options.longs === $String ? $String(message.outputBits) : message.outputBits;
                    else
                        object.outputBits = options.longs === $String ? $util.Long.prototype.toString.call(message.outputBits) : options.longs === $Number ? new $util.LongBits(message.outputBits.low >>> 0, message.outputBits.high >>> 0).toNumber(true) : message.outputBits;
                return object;
            };

            /**
             * Converts this PrivacyAmplificationSeed to JSON.
             * @function toJSON
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            PrivacyAmplificationSeed.prototype.toJSON = function() {
                return PrivacyAmplificationSeed.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for PrivacyAmplificationSeed
             * @function getTypeUrl
             * @memberof qkdd.peer.PrivacyAmplificationSeed
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            PrivacyAmplificationSeed.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.PrivacyAmplificationSeed";
            };

            return PrivacyAmplificationSeed;
        })();

        peer.BlockStored = (function() {

            /**
             * Properties of a BlockStored.
             * @typedef {Object} qkdd.peer.BlockStored.$Properties
             * @property {string|null} [blockId] BlockStored blockId
             * @property {number|null} [bits] BlockStored bits
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a BlockStored.
             * @memberof qkdd.peer
             * @interface IBlockStored
             * @augments qkdd.peer.BlockStored.$Properties
             * @deprecated Use qkdd.peer.BlockStored.$Properties instead.
             */

            /**
             * Shape of a BlockStored.
             * @typedef {qkdd.peer.BlockStored.$Properties} qkdd.peer.BlockStored.$Shape
             */

            /**
             * Constructs a new BlockStored.
             * @memberof qkdd.peer
             * @classdesc Represents a BlockStored.
             * @constructor
             * @param {qkdd.peer.BlockStored.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const BlockStored = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * BlockStored blockId.
             * @member {string} blockId
             * @memberof qkdd.peer.BlockStored
             * @instance
             */
            BlockStored.prototype.blockId = "";

            /**
             * BlockStored bits.
             * @member {number} bits
             * @memberof qkdd.peer.BlockStored
             * @instance
             */
            BlockStored.prototype.bits = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new BlockStored instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.BlockStored
             * @static
             * @param {qkdd.peer.BlockStored.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.BlockStored} BlockStored instance
             * @type {{
             *   (properties: qkdd.peer.BlockStored.$Shape): qkdd.peer.BlockStored & qkdd.peer.BlockStored.$Shape;
             *   (properties?: qkdd.peer.BlockStored.$Properties): qkdd.peer.BlockStored;
             * }}
             */
            BlockStored.create = function(properties) {
                return new BlockStored(properties);
            };

            /**
             * Encodes the specified BlockStored message. Does not implicitly {@link qkdd.peer.BlockStored.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.BlockStored
             * @static
             * @param {qkdd.peer.BlockStored.$Properties} message BlockStored message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            BlockStored.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId") && message.blockId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.blockId);
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits") && (typeof message.bits === "object" ? message.bits.low || message.bits.high : message.bits !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.bits);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified BlockStored message, length delimited. Does not implicitly {@link qkdd.peer.BlockStored.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.BlockStored
             * @static
             * @param {qkdd.peer.BlockStored.$Properties} message BlockStored message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            BlockStored.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a BlockStored message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.BlockStored
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.BlockStored & qkdd.peer.BlockStored.$Shape} BlockStored
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            BlockStored.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.BlockStored();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.blockId = value;
                            else
                                delete message.blockId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.bits = value;
                            else
                                delete message.bits;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a BlockStored message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.BlockStored
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.BlockStored & qkdd.peer.BlockStored.$Shape} BlockStored
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            BlockStored.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a BlockStored message.
             * @function verify
             * @memberof qkdd.peer.BlockStored
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            BlockStored.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId"))
                    if (!$util.isString(message.blockId))
                        return "blockId: string expected";
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits"))
                    if (!$util.isInteger(message.bits) && !(message.bits && $util.isInteger(message.bits.low) && $util.isInteger(message.bits.high)))
                        return "bits: integer|Long expected";
                return null;
            };

            /**
             * Creates a BlockStored message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.BlockStored
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.BlockStored} BlockStored
             */
            BlockStored.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.BlockStored)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.BlockStored: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.BlockStored();
                if (object.blockId != null)
                    if (typeof object.blockId !== "string" || object.blockId.length)
                        message.blockId = $String(object.blockId);
                if (object.bits != null)
                    if (typeof object.bits === "object" ? object.bits.low || object.bits.high : $Number(object.bits) !== 0)
                        if ($util.Long)
                            message.bits = $util.Long.fromValue(object.bits, true);
                        else if (typeof object.bits === "string")
                            message.bits = $parseInt(object.bits, 10);
                        else if (typeof object.bits === "number")
                            message.bits = object.bits;
                        else if (typeof object.bits === "object")
                            message.bits = new $util.LongBits(object.bits.low >>> 0, object.bits.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a BlockStored message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.BlockStored
             * @static
             * @param {qkdd.peer.BlockStored} message BlockStored
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            BlockStored.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.blockId = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.bits = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.bits = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId"))
                    object.blockId = message.blockId;
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.bits = typeof message.bits === "number" ? $BigInt(message.bits) : $util.Long.fromBits(message.bits.low >>> 0, message.bits.high >>> 0, true).toBigInt();
                    else if (typeof message.bits === "number")
                        object.bits = options.longs === $String ? $String(message.bits) : message.bits;
                    else
                        object.bits = options.longs === $String ? $util.Long.prototype.toString.call(message.bits) : options.longs === $Number ? new $util.LongBits(message.bits.low >>> 0, message.bits.high >>> 0).toNumber(true) : message.bits;
                return object;
            };

            /**
             * Converts this BlockStored to JSON.
             * @function toJSON
             * @memberof qkdd.peer.BlockStored
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            BlockStored.prototype.toJSON = function() {
                return BlockStored.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for BlockStored
             * @function getTypeUrl
             * @memberof qkdd.peer.BlockStored
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            BlockStored.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.BlockStored";
            };

            return BlockStored;
        })();

        peer.KeySegment = (function() {

            /**
             * Properties of a KeySegment.
             * @typedef {Object} qkdd.peer.KeySegment.$Properties
             * @property {string|null} [blockId] KeySegment blockId
             * @property {number|null} [startBit] KeySegment startBit
             * @property {number|null} [endBit] KeySegment endBit
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KeySegment.
             * @memberof qkdd.peer
             * @interface IKeySegment
             * @augments qkdd.peer.KeySegment.$Properties
             * @deprecated Use qkdd.peer.KeySegment.$Properties instead.
             */

            /**
             * Shape of a KeySegment.
             * @typedef {qkdd.peer.KeySegment.$Properties} qkdd.peer.KeySegment.$Shape
             */

            /**
             * Constructs a new KeySegment.
             * @memberof qkdd.peer
             * @classdesc Represents a KeySegment.
             * @constructor
             * @param {qkdd.peer.KeySegment.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KeySegment = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KeySegment blockId.
             * @member {string} blockId
             * @memberof qkdd.peer.KeySegment
             * @instance
             */
            KeySegment.prototype.blockId = "";

            /**
             * KeySegment startBit.
             * @member {number} startBit
             * @memberof qkdd.peer.KeySegment
             * @instance
             */
            KeySegment.prototype.startBit = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KeySegment endBit.
             * @member {number} endBit
             * @memberof qkdd.peer.KeySegment
             * @instance
             */
            KeySegment.prototype.endBit = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new KeySegment instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.KeySegment
             * @static
             * @param {qkdd.peer.KeySegment.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.KeySegment} KeySegment instance
             * @type {{
             *   (properties: qkdd.peer.KeySegment.$Shape): qkdd.peer.KeySegment & qkdd.peer.KeySegment.$Shape;
             *   (properties?: qkdd.peer.KeySegment.$Properties): qkdd.peer.KeySegment;
             * }}
             */
            KeySegment.create = function(properties) {
                return new KeySegment(properties);
            };

            /**
             * Encodes the specified KeySegment message. Does not implicitly {@link qkdd.peer.KeySegment.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.KeySegment
             * @static
             * @param {qkdd.peer.KeySegment.$Properties} message KeySegment message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KeySegment.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId") && message.blockId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.blockId);
                if (message.startBit != null && $Object.hasOwnProperty.call(message, "startBit") && (typeof message.startBit === "object" ? message.startBit.low || message.startBit.high : message.startBit !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.startBit);
                if (message.endBit != null && $Object.hasOwnProperty.call(message, "endBit") && (typeof message.endBit === "object" ? message.endBit.low || message.endBit.high : message.endBit !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.endBit);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified KeySegment message, length delimited. Does not implicitly {@link qkdd.peer.KeySegment.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.KeySegment
             * @static
             * @param {qkdd.peer.KeySegment.$Properties} message KeySegment message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KeySegment.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a KeySegment message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.KeySegment
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.KeySegment & qkdd.peer.KeySegment.$Shape} KeySegment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KeySegment.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.KeySegment();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.blockId = value;
                            else
                                delete message.blockId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.startBit = value;
                            else
                                delete message.startBit;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.endBit = value;
                            else
                                delete message.endBit;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a KeySegment message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.KeySegment
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.KeySegment & qkdd.peer.KeySegment.$Shape} KeySegment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KeySegment.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a KeySegment message.
             * @function verify
             * @memberof qkdd.peer.KeySegment
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            KeySegment.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId"))
                    if (!$util.isString(message.blockId))
                        return "blockId: string expected";
                if (message.startBit != null && $Object.hasOwnProperty.call(message, "startBit"))
                    if (!$util.isInteger(message.startBit) && !(message.startBit && $util.isInteger(message.startBit.low) && $util.isInteger(message.startBit.high)))
                        return "startBit: integer|Long expected";
                if (message.endBit != null && $Object.hasOwnProperty.call(message, "endBit"))
                    if (!$util.isInteger(message.endBit) && !(message.endBit && $util.isInteger(message.endBit.low) && $util.isInteger(message.endBit.high)))
                        return "endBit: integer|Long expected";
                return null;
            };

            /**
             * Creates a KeySegment message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.KeySegment
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.KeySegment} KeySegment
             */
            KeySegment.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.KeySegment)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.KeySegment: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.KeySegment();
                if (object.blockId != null)
                    if (typeof object.blockId !== "string" || object.blockId.length)
                        message.blockId = $String(object.blockId);
                if (object.startBit != null)
                    if (typeof object.startBit === "object" ? object.startBit.low || object.startBit.high : $Number(object.startBit) !== 0)
                        if ($util.Long)
                            message.startBit = $util.Long.fromValue(object.startBit, true);
                        else if (typeof object.startBit === "string")
                            message.startBit = $parseInt(object.startBit, 10);
                        else if (typeof object.startBit === "number")
                            message.startBit = object.startBit;
                        else if (typeof object.startBit === "object")
                            message.startBit = new $util.LongBits(object.startBit.low >>> 0, object.startBit.high >>> 0).toNumber(true);
                if (object.endBit != null)
                    if (typeof object.endBit === "object" ? object.endBit.low || object.endBit.high : $Number(object.endBit) !== 0)
                        if ($util.Long)
                            message.endBit = $util.Long.fromValue(object.endBit, true);
                        else if (typeof object.endBit === "string")
                            message.endBit = $parseInt(object.endBit, 10);
                        else if (typeof object.endBit === "number")
                            message.endBit = object.endBit;
                        else if (typeof object.endBit === "object")
                            message.endBit = new $util.LongBits(object.endBit.low >>> 0, object.endBit.high >>> 0).toNumber(true);
                return message;
            };

            /**
             * Creates a plain object from a KeySegment message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.KeySegment
             * @static
             * @param {qkdd.peer.KeySegment} message KeySegment
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            KeySegment.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.blockId = "";
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.startBit = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.startBit = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.endBit = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.endBit = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId"))
                    object.blockId = message.blockId;
                if (message.startBit != null && $Object.hasOwnProperty.call(message, "startBit"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.startBit = typeof message.startBit === "number" ? $BigInt(message.startBit) : $util.Long.fromBits(message.startBit.low >>> 0, message.startBit.high >>> 0, true).toBigInt();
                    else if (typeof message.startBit === "number")
                        object.startBit = options.longs === $String ? $String(message.startBit) : message.startBit;
                    else
                        object.startBit = options.longs === $String ? $util.Long.prototype.toString.call(message.startBit) : options.longs === $Number ? new $util.LongBits(message.startBit.low >>> 0, message.startBit.high >>> 0).toNumber(true) : message.startBit;
                if (message.endBit != null && $Object.hasOwnProperty.call(message, "endBit"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.endBit = typeof message.endBit === "number" ? $BigInt(message.endBit) : $util.Long.fromBits(message.endBit.low >>> 0, message.endBit.high >>> 0, true).toBigInt();
                    else if (typeof message.endBit === "number")
                        object.endBit = options.longs === $String ? $String(message.endBit) : message.endBit;
                    else
                        object.endBit = options.longs === $String ? $util.Long.prototype.toString.call(message.endBit) : options.longs === $Number ? new $util.LongBits(message.endBit.low >>> 0, message.endBit.high >>> 0).toNumber(true) : message.endBit;
                return object;
            };

            /**
             * Converts this KeySegment to JSON.
             * @function toJSON
             * @memberof qkdd.peer.KeySegment
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            KeySegment.prototype.toJSON = function() {
                return KeySegment.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for KeySegment
             * @function getTypeUrl
             * @memberof qkdd.peer.KeySegment
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KeySegment.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.KeySegment";
            };

            return KeySegment;
        })();

        peer.KeyReservationRequest = (function() {

            /**
             * Properties of a KeyReservationRequest.
             * @typedef {Object} qkdd.peer.KeyReservationRequest.$Properties
             * @property {string|null} [reservationId] KeyReservationRequest reservationId
             * @property {string|null} [masterSaeId] KeyReservationRequest masterSaeId
             * @property {string|null} [slaveSaeId] KeyReservationRequest slaveSaeId
             * @property {Array.<string>|null} [additionalSlaveSaeIds] KeyReservationRequest additionalSlaveSaeIds
             * @property {Array.<string>|null} [keyIds] KeyReservationRequest keyIds
             * @property {number|null} [keySizeBits] KeyReservationRequest keySizeBits
             * @property {Array.<qkdd.peer.KeySegment.$Properties>|null} [segments] KeyReservationRequest segments
             * @property {Uint8Array|null} [description] KeyReservationRequest description
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KeyReservationRequest.
             * @memberof qkdd.peer
             * @interface IKeyReservationRequest
             * @augments qkdd.peer.KeyReservationRequest.$Properties
             * @deprecated Use qkdd.peer.KeyReservationRequest.$Properties instead.
             */

            /**
             * Shape of a KeyReservationRequest.
             * @typedef {qkdd.peer.KeyReservationRequest.$Properties} qkdd.peer.KeyReservationRequest.$Shape
             */

            /**
             * Constructs a new KeyReservationRequest.
             * @memberof qkdd.peer
             * @classdesc Represents a KeyReservationRequest.
             * @constructor
             * @param {qkdd.peer.KeyReservationRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KeyReservationRequest = function (properties) {
                this.additionalSlaveSaeIds = [];
                this.keyIds = [];
                this.segments = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KeyReservationRequest reservationId.
             * @member {string} reservationId
             * @memberof qkdd.peer.KeyReservationRequest
             * @instance
             */
            KeyReservationRequest.prototype.reservationId = "";

            /**
             * KeyReservationRequest masterSaeId.
             * @member {string} masterSaeId
             * @memberof qkdd.peer.KeyReservationRequest
             * @instance
             */
            KeyReservationRequest.prototype.masterSaeId = "";

            /**
             * KeyReservationRequest slaveSaeId.
             * @member {string} slaveSaeId
             * @memberof qkdd.peer.KeyReservationRequest
             * @instance
             */
            KeyReservationRequest.prototype.slaveSaeId = "";

            /**
             * KeyReservationRequest additionalSlaveSaeIds.
             * @member {Array.<string>} additionalSlaveSaeIds
             * @memberof qkdd.peer.KeyReservationRequest
             * @instance
             */
            KeyReservationRequest.prototype.additionalSlaveSaeIds = $util.emptyArray;

            /**
             * KeyReservationRequest keyIds.
             * @member {Array.<string>} keyIds
             * @memberof qkdd.peer.KeyReservationRequest
             * @instance
             */
            KeyReservationRequest.prototype.keyIds = $util.emptyArray;

            /**
             * KeyReservationRequest keySizeBits.
             * @member {number} keySizeBits
             * @memberof qkdd.peer.KeyReservationRequest
             * @instance
             */
            KeyReservationRequest.prototype.keySizeBits = 0;

            /**
             * KeyReservationRequest segments.
             * @member {Array.<qkdd.peer.KeySegment.$Properties>} segments
             * @memberof qkdd.peer.KeyReservationRequest
             * @instance
             */
            KeyReservationRequest.prototype.segments = $util.emptyArray;

            /**
             * KeyReservationRequest description.
             * @member {Uint8Array} description
             * @memberof qkdd.peer.KeyReservationRequest
             * @instance
             */
            KeyReservationRequest.prototype.description = $util.newBuffer([]);

            /**
             * Creates a new KeyReservationRequest instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.KeyReservationRequest
             * @static
             * @param {qkdd.peer.KeyReservationRequest.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.KeyReservationRequest} KeyReservationRequest instance
             * @type {{
             *   (properties: qkdd.peer.KeyReservationRequest.$Shape): qkdd.peer.KeyReservationRequest & qkdd.peer.KeyReservationRequest.$Shape;
             *   (properties?: qkdd.peer.KeyReservationRequest.$Properties): qkdd.peer.KeyReservationRequest;
             * }}
             */
            KeyReservationRequest.create = function(properties) {
                return new KeyReservationRequest(properties);
            };

            /**
             * Encodes the specified KeyReservationRequest message. Does not implicitly {@link qkdd.peer.KeyReservationRequest.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.KeyReservationRequest
             * @static
             * @param {qkdd.peer.KeyReservationRequest.$Properties} message KeyReservationRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KeyReservationRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.reservationId != null && $Object.hasOwnProperty.call(message, "reservationId") && message.reservationId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.reservationId);
                if (message.masterSaeId != null && $Object.hasOwnProperty.call(message, "masterSaeId") && message.masterSaeId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.masterSaeId);
                if (message.slaveSaeId != null && $Object.hasOwnProperty.call(message, "slaveSaeId") && message.slaveSaeId !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.slaveSaeId);
                if (message.additionalSlaveSaeIds != null && message.additionalSlaveSaeIds.length)
                    for (let i = 0; i < message.additionalSlaveSaeIds.length; ++i)
                        writer.uint32(/* id 4, wireType 2 =*/34).string(message.additionalSlaveSaeIds[i]);
                if (message.keyIds != null && message.keyIds.length)
                    for (let i = 0; i < message.keyIds.length; ++i)
                        writer.uint32(/* id 5, wireType 2 =*/42).string(message.keyIds[i]);
                if (message.keySizeBits != null && $Object.hasOwnProperty.call(message, "keySizeBits") && message.keySizeBits !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.keySizeBits);
                if (message.segments != null && message.segments.length)
                    for (let i = 0; i < message.segments.length; ++i)
                        $root.qkdd.peer.KeySegment.encode(message.segments[i], writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.description != null && $Object.hasOwnProperty.call(message, "description") && message.description.length)
                    writer.uint32(/* id 8, wireType 2 =*/66).bytes(message.description);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified KeyReservationRequest message, length delimited. Does not implicitly {@link qkdd.peer.KeyReservationRequest.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.KeyReservationRequest
             * @static
             * @param {qkdd.peer.KeyReservationRequest.$Properties} message KeyReservationRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KeyReservationRequest.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a KeyReservationRequest message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.KeyReservationRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.KeyReservationRequest & qkdd.peer.KeyReservationRequest.$Shape} KeyReservationRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KeyReservationRequest.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.KeyReservationRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reservationId = value;
                            else
                                delete message.reservationId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.masterSaeId = value;
                            else
                                delete message.masterSaeId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.slaveSaeId = value;
                            else
                                delete message.slaveSaeId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.additionalSlaveSaeIds && message.additionalSlaveSaeIds.length))
                                message.additionalSlaveSaeIds = [];
                            message.additionalSlaveSaeIds.push(reader.stringVerify());
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if (!(message.keyIds && message.keyIds.length))
                                message.keyIds = [];
                            message.keyIds.push(reader.stringVerify());
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.keySizeBits = value;
                            else
                                delete message.keySizeBits;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if (!(message.segments && message.segments.length))
                                message.segments = [];
                            message.segments.push($root.qkdd.peer.KeySegment.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.description = value;
                            else
                                delete message.description;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a KeyReservationRequest message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.KeyReservationRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.KeyReservationRequest & qkdd.peer.KeyReservationRequest.$Shape} KeyReservationRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KeyReservationRequest.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a KeyReservationRequest message.
             * @function verify
             * @memberof qkdd.peer.KeyReservationRequest
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            KeyReservationRequest.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.reservationId != null && $Object.hasOwnProperty.call(message, "reservationId"))
                    if (!$util.isString(message.reservationId))
                        return "reservationId: string expected";
                if (message.masterSaeId != null && $Object.hasOwnProperty.call(message, "masterSaeId"))
                    if (!$util.isString(message.masterSaeId))
                        return "masterSaeId: string expected";
                if (message.slaveSaeId != null && $Object.hasOwnProperty.call(message, "slaveSaeId"))
                    if (!$util.isString(message.slaveSaeId))
                        return "slaveSaeId: string expected";
                if (message.additionalSlaveSaeIds != null && $Object.hasOwnProperty.call(message, "additionalSlaveSaeIds")) {
                    if (!$Array.isArray(message.additionalSlaveSaeIds))
                        return "additionalSlaveSaeIds: array expected";
                    for (let i = 0; i < message.additionalSlaveSaeIds.length; ++i)
                        if (!$util.isString(message.additionalSlaveSaeIds[i]))
                            return "additionalSlaveSaeIds: string[] expected";
                }
                if (message.keyIds != null && $Object.hasOwnProperty.call(message, "keyIds")) {
                    if (!$Array.isArray(message.keyIds))
                        return "keyIds: array expected";
                    for (let i = 0; i < message.keyIds.length; ++i)
                        if (!$util.isString(message.keyIds[i]))
                            return "keyIds: string[] expected";
                }
                if (message.keySizeBits != null && $Object.hasOwnProperty.call(message, "keySizeBits"))
                    if (!$util.isInteger(message.keySizeBits))
                        return "keySizeBits: integer expected";
                if (message.segments != null && $Object.hasOwnProperty.call(message, "segments")) {
                    if (!$Array.isArray(message.segments))
                        return "segments: array expected";
                    for (let i = 0; i < message.segments.length; ++i) {
                        let error = $root.qkdd.peer.KeySegment.verify(message.segments[i], _depth + 1);
                        if (error)
                            return "segments." + error;
                    }
                }
                if (message.description != null && $Object.hasOwnProperty.call(message, "description"))
                    if (!(message.description && typeof message.description.length === "number" || $util.isString(message.description)))
                        return "description: buffer expected";
                return null;
            };

            /**
             * Creates a KeyReservationRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.KeyReservationRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.KeyReservationRequest} KeyReservationRequest
             */
            KeyReservationRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.KeyReservationRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.KeyReservationRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.KeyReservationRequest();
                if (object.reservationId != null)
                    if (typeof object.reservationId !== "string" || object.reservationId.length)
                        message.reservationId = $String(object.reservationId);
                if (object.masterSaeId != null)
                    if (typeof object.masterSaeId !== "string" || object.masterSaeId.length)
                        message.masterSaeId = $String(object.masterSaeId);
                if (object.slaveSaeId != null)
                    if (typeof object.slaveSaeId !== "string" || object.slaveSaeId.length)
                        message.slaveSaeId = $String(object.slaveSaeId);
                if (object.additionalSlaveSaeIds) {
                    if (!$Array.isArray(object.additionalSlaveSaeIds))
                        throw $TypeError(".qkdd.peer.KeyReservationRequest.additionalSlaveSaeIds: array expected");
                    message.additionalSlaveSaeIds = $Array(object.additionalSlaveSaeIds.length);
                    for (let i = 0; i < object.additionalSlaveSaeIds.length; ++i)
                        message.additionalSlaveSaeIds[i] = $String(object.additionalSlaveSaeIds[i]);
                }
                if (object.keyIds) {
                    if (!$Array.isArray(object.keyIds))
                        throw $TypeError(".qkdd.peer.KeyReservationRequest.keyIds: array expected");
                    message.keyIds = $Array(object.keyIds.length);
                    for (let i = 0; i < object.keyIds.length; ++i)
                        message.keyIds[i] = $String(object.keyIds[i]);
                }
                if (object.keySizeBits != null)
                    if ($Number(object.keySizeBits) !== 0)
                        message.keySizeBits = object.keySizeBits >>> 0;
                if (object.segments) {
                    if (!$Array.isArray(object.segments))
                        throw $TypeError(".qkdd.peer.KeyReservationRequest.segments: array expected");
                    message.segments = $Array(object.segments.length);
                    for (let i = 0; i < object.segments.length; ++i) {
                        if (!$util.isObject(object.segments[i]))
                            throw $TypeError(".qkdd.peer.KeyReservationRequest.segments: object expected");
                        message.segments[i] = $root.qkdd.peer.KeySegment.fromObject(object.segments[i], _depth + 1);
                    }
                }
                if (object.description != null)
                    if (object.description.length)
                        if (typeof object.description === "string")
                            $util.base64.decode(object.description, message.description = $util.newBuffer($util.base64.length(object.description)), 0);
                        else if (object.description.length >= 0)
                            message.description = object.description;
                return message;
            };

            /**
             * Creates a plain object from a KeyReservationRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.KeyReservationRequest
             * @static
             * @param {qkdd.peer.KeyReservationRequest} message KeyReservationRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            KeyReservationRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.additionalSlaveSaeIds = [];
                    object.keyIds = [];
                    object.segments = [];
                }
                if (options.defaults) {
                    object.reservationId = "";
                    object.masterSaeId = "";
                    object.slaveSaeId = "";
                    object.keySizeBits = 0;
                    if (options.bytes === $String)
                        object.description = "";
                    else {
                        object.description = [];
                        if (options.bytes !== $Array)
                            object.description = $util.newBuffer(object.description);
                    }
                }
                if (message.reservationId != null && $Object.hasOwnProperty.call(message, "reservationId"))
                    object.reservationId = message.reservationId;
                if (message.masterSaeId != null && $Object.hasOwnProperty.call(message, "masterSaeId"))
                    object.masterSaeId = message.masterSaeId;
                if (message.slaveSaeId != null && $Object.hasOwnProperty.call(message, "slaveSaeId"))
                    object.slaveSaeId = message.slaveSaeId;
                if (message.additionalSlaveSaeIds && message.additionalSlaveSaeIds.length) {
                    object.additionalSlaveSaeIds = $Array(message.additionalSlaveSaeIds.length);
                    for (let j = 0; j < message.additionalSlaveSaeIds.length; ++j)
                        object.additionalSlaveSaeIds[j] = message.additionalSlaveSaeIds[j];
                }
                if (message.keyIds && message.keyIds.length) {
                    object.keyIds = $Array(message.keyIds.length);
                    for (let j = 0; j < message.keyIds.length; ++j)
                        object.keyIds[j] = message.keyIds[j];
                }
                if (message.keySizeBits != null && $Object.hasOwnProperty.call(message, "keySizeBits"))
                    object.keySizeBits = message.keySizeBits;
                if (message.segments && message.segments.length) {
                    object.segments = $Array(message.segments.length);
                    for (let j = 0; j < message.segments.length; ++j)
                        object.segments[j] = $root.qkdd.peer.KeySegment.toObject(message.segments[j], options, _depth + 1);
                }
                if (message.description != null && $Object.hasOwnProperty.call(message, "description"))
                    object.description = options.bytes === $String ? $util.base64.encode(message.description, 0, message.description.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.description) : message.description;
                return object;
            };

            /**
             * Converts this KeyReservationRequest to JSON.
             * @function toJSON
             * @memberof qkdd.peer.KeyReservationRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            KeyReservationRequest.prototype.toJSON = function() {
                return KeyReservationRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for KeyReservationRequest
             * @function getTypeUrl
             * @memberof qkdd.peer.KeyReservationRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KeyReservationRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.KeyReservationRequest";
            };

            return KeyReservationRequest;
        })();

        peer.KeyReservationAck = (function() {

            /**
             * Properties of a KeyReservationAck.
             * @typedef {Object} qkdd.peer.KeyReservationAck.$Properties
             * @property {string|null} [reservationId] KeyReservationAck reservationId
             * @property {boolean|null} [accepted] KeyReservationAck accepted
             * @property {string|null} [reason] KeyReservationAck reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KeyReservationAck.
             * @memberof qkdd.peer
             * @interface IKeyReservationAck
             * @augments qkdd.peer.KeyReservationAck.$Properties
             * @deprecated Use qkdd.peer.KeyReservationAck.$Properties instead.
             */

            /**
             * Shape of a KeyReservationAck.
             * @typedef {qkdd.peer.KeyReservationAck.$Properties} qkdd.peer.KeyReservationAck.$Shape
             */

            /**
             * Constructs a new KeyReservationAck.
             * @memberof qkdd.peer
             * @classdesc Represents a KeyReservationAck.
             * @constructor
             * @param {qkdd.peer.KeyReservationAck.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KeyReservationAck = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KeyReservationAck reservationId.
             * @member {string} reservationId
             * @memberof qkdd.peer.KeyReservationAck
             * @instance
             */
            KeyReservationAck.prototype.reservationId = "";

            /**
             * KeyReservationAck accepted.
             * @member {boolean} accepted
             * @memberof qkdd.peer.KeyReservationAck
             * @instance
             */
            KeyReservationAck.prototype.accepted = false;

            /**
             * KeyReservationAck reason.
             * @member {string} reason
             * @memberof qkdd.peer.KeyReservationAck
             * @instance
             */
            KeyReservationAck.prototype.reason = "";

            /**
             * Creates a new KeyReservationAck instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.KeyReservationAck
             * @static
             * @param {qkdd.peer.KeyReservationAck.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.KeyReservationAck} KeyReservationAck instance
             * @type {{
             *   (properties: qkdd.peer.KeyReservationAck.$Shape): qkdd.peer.KeyReservationAck & qkdd.peer.KeyReservationAck.$Shape;
             *   (properties?: qkdd.peer.KeyReservationAck.$Properties): qkdd.peer.KeyReservationAck;
             * }}
             */
            KeyReservationAck.create = function(properties) {
                return new KeyReservationAck(properties);
            };

            /**
             * Encodes the specified KeyReservationAck message. Does not implicitly {@link qkdd.peer.KeyReservationAck.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.KeyReservationAck
             * @static
             * @param {qkdd.peer.KeyReservationAck.$Properties} message KeyReservationAck message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KeyReservationAck.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.reservationId != null && $Object.hasOwnProperty.call(message, "reservationId") && message.reservationId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.reservationId);
                if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted") && message.accepted !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.accepted);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.reason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified KeyReservationAck message, length delimited. Does not implicitly {@link qkdd.peer.KeyReservationAck.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.KeyReservationAck
             * @static
             * @param {qkdd.peer.KeyReservationAck.$Properties} message KeyReservationAck message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KeyReservationAck.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a KeyReservationAck message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.KeyReservationAck
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.KeyReservationAck & qkdd.peer.KeyReservationAck.$Shape} KeyReservationAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KeyReservationAck.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.KeyReservationAck();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reservationId = value;
                            else
                                delete message.reservationId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.accepted = value;
                            else
                                delete message.accepted;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a KeyReservationAck message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.KeyReservationAck
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.KeyReservationAck & qkdd.peer.KeyReservationAck.$Shape} KeyReservationAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KeyReservationAck.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a KeyReservationAck message.
             * @function verify
             * @memberof qkdd.peer.KeyReservationAck
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            KeyReservationAck.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.reservationId != null && $Object.hasOwnProperty.call(message, "reservationId"))
                    if (!$util.isString(message.reservationId))
                        return "reservationId: string expected";
                if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted"))
                    if (typeof message.accepted !== "boolean")
                        return "accepted: boolean expected";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    if (!$util.isString(message.reason))
                        return "reason: string expected";
                return null;
            };

            /**
             * Creates a KeyReservationAck message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.KeyReservationAck
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.KeyReservationAck} KeyReservationAck
             */
            KeyReservationAck.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.KeyReservationAck)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.KeyReservationAck: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.KeyReservationAck();
                if (object.reservationId != null)
                    if (typeof object.reservationId !== "string" || object.reservationId.length)
                        message.reservationId = $String(object.reservationId);
                if (object.accepted != null)
                    if (object.accepted)
                        message.accepted = $Boolean(object.accepted);
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                return message;
            };

            /**
             * Creates a plain object from a KeyReservationAck message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.KeyReservationAck
             * @static
             * @param {qkdd.peer.KeyReservationAck} message KeyReservationAck
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            KeyReservationAck.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.reservationId = "";
                    object.accepted = false;
                    object.reason = "";
                }
                if (message.reservationId != null && $Object.hasOwnProperty.call(message, "reservationId"))
                    object.reservationId = message.reservationId;
                if (message.accepted != null && $Object.hasOwnProperty.call(message, "accepted"))
                    object.accepted = message.accepted;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                return object;
            };

            /**
             * Converts this KeyReservationAck to JSON.
             * @function toJSON
             * @memberof qkdd.peer.KeyReservationAck
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            KeyReservationAck.prototype.toJSON = function() {
                return KeyReservationAck.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for KeyReservationAck
             * @function getTypeUrl
             * @memberof qkdd.peer.KeyReservationAck
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KeyReservationAck.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.KeyReservationAck";
            };

            return KeyReservationAck;
        })();

        peer.Abort = (function() {

            /**
             * Properties of an Abort.
             * @typedef {Object} qkdd.peer.Abort.$Properties
             * @property {number|null} [frameId] Abort frameId
             * @property {string|null} [reason] Abort reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Abort.
             * @memberof qkdd.peer
             * @interface IAbort
             * @augments qkdd.peer.Abort.$Properties
             * @deprecated Use qkdd.peer.Abort.$Properties instead.
             */

            /**
             * Shape of an Abort.
             * @typedef {qkdd.peer.Abort.$Properties} qkdd.peer.Abort.$Shape
             */

            /**
             * Constructs a new Abort.
             * @memberof qkdd.peer
             * @classdesc Represents an Abort.
             * @constructor
             * @param {qkdd.peer.Abort.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Abort = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Abort frameId.
             * @member {number} frameId
             * @memberof qkdd.peer.Abort
             * @instance
             */
            Abort.prototype.frameId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Abort reason.
             * @member {string} reason
             * @memberof qkdd.peer.Abort
             * @instance
             */
            Abort.prototype.reason = "";

            /**
             * Creates a new Abort instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.Abort
             * @static
             * @param {qkdd.peer.Abort.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.Abort} Abort instance
             * @type {{
             *   (properties: qkdd.peer.Abort.$Shape): qkdd.peer.Abort & qkdd.peer.Abort.$Shape;
             *   (properties?: qkdd.peer.Abort.$Properties): qkdd.peer.Abort;
             * }}
             */
            Abort.create = function(properties) {
                return new Abort(properties);
            };

            /**
             * Encodes the specified Abort message. Does not implicitly {@link qkdd.peer.Abort.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.Abort
             * @static
             * @param {qkdd.peer.Abort.$Properties} message Abort message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Abort.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.frameId != null && $Object.hasOwnProperty.call(message, "frameId") && (typeof message.frameId === "object" ? message.frameId.low || message.frameId.high : message.frameId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.frameId);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.reason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Abort message, length delimited. Does not implicitly {@link qkdd.peer.Abort.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.Abort
             * @static
             * @param {qkdd.peer.Abort.$Properties} message Abort message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Abort.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Abort message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.Abort
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.Abort & qkdd.peer.Abort.$Shape} Abort
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Abort.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.Abort();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.frameId = value;
                            else
                                delete message.frameId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an Abort message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.Abort
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.Abort & qkdd.peer.Abort.$Shape} Abort
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Abort.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Abort message.
             * @function verify
             * @memberof qkdd.peer.Abort
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Abort.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.frameId != null && $Object.hasOwnProperty.call(message, "frameId"))
                    if (!$util.isInteger(message.frameId) && !(message.frameId && $util.isInteger(message.frameId.low) && $util.isInteger(message.frameId.high)))
                        return "frameId: integer|Long expected";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    if (!$util.isString(message.reason))
                        return "reason: string expected";
                return null;
            };

            /**
             * Creates an Abort message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.Abort
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.Abort} Abort
             */
            Abort.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.Abort)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.Abort: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.Abort();
                if (object.frameId != null)
                    if (typeof object.frameId === "object" ? object.frameId.low || object.frameId.high : $Number(object.frameId) !== 0)
                        if ($util.Long)
                            message.frameId = $util.Long.fromValue(object.frameId, true);
                        else if (typeof object.frameId === "string")
                            message.frameId = $parseInt(object.frameId, 10);
                        else if (typeof object.frameId === "number")
                            message.frameId = object.frameId;
                        else if (typeof object.frameId === "object")
                            message.frameId = new $util.LongBits(object.frameId.low >>> 0, object.frameId.high >>> 0).toNumber(true);
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                return message;
            };

            /**
             * Creates a plain object from an Abort message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.Abort
             * @static
             * @param {qkdd.peer.Abort} message Abort
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Abort.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.frameId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.frameId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.reason = "";
                }
                if (message.frameId != null && $Object.hasOwnProperty.call(message, "frameId"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.frameId = typeof message.frameId === "number" ? $BigInt(message.frameId) : $util.Long.fromBits(message.frameId.low >>> 0, message.frameId.high >>> 0, true).toBigInt();
                    else if (typeof message.frameId === "number")
                        object.frameId = options.longs === $String ? $String(message.frameId) : message.frameId;
                    else
                        object.frameId = options.longs === $String ? $util.Long.prototype.toString.call(message.frameId) : options.longs === $Number ? new $util.LongBits(message.frameId.low >>> 0, message.frameId.high >>> 0).toNumber(true) : message.frameId;
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                return object;
            };

            /**
             * Converts this Abort to JSON.
             * @function toJSON
             * @memberof qkdd.peer.Abort
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Abort.prototype.toJSON = function() {
                return Abort.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Abort
             * @function getTypeUrl
             * @memberof qkdd.peer.Abort
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Abort.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.Abort";
            };

            return Abort;
        })();

        /**
         * AlarmSeverity enum.
         * @name qkdd.peer.AlarmSeverity
         * @enum {number}
         * @property {number} ALARM_SEVERITY_UNSPECIFIED=0 ALARM_SEVERITY_UNSPECIFIED value
         * @property {number} ALARM_SEVERITY_INFO=1 ALARM_SEVERITY_INFO value
         * @property {number} ALARM_SEVERITY_WARNING=2 ALARM_SEVERITY_WARNING value
         * @property {number} ALARM_SEVERITY_CRITICAL=3 ALARM_SEVERITY_CRITICAL value
         */
        peer.AlarmSeverity = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ALARM_SEVERITY_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ALARM_SEVERITY_INFO"] = 1;
            values[valuesById[2] = "ALARM_SEVERITY_WARNING"] = 2;
            values[valuesById[3] = "ALARM_SEVERITY_CRITICAL"] = 3;
            return values;
        })();

        peer.Alarm = (function() {

            /**
             * Properties of an Alarm.
             * @typedef {Object} qkdd.peer.Alarm.$Properties
             * @property {string|null} [code] Alarm code
             * @property {qkdd.peer.AlarmSeverity|null} [severity] Alarm severity
             * @property {string|null} [message] Alarm message
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Alarm.
             * @memberof qkdd.peer
             * @interface IAlarm
             * @augments qkdd.peer.Alarm.$Properties
             * @deprecated Use qkdd.peer.Alarm.$Properties instead.
             */

            /**
             * Shape of an Alarm.
             * @typedef {qkdd.peer.Alarm.$Properties} qkdd.peer.Alarm.$Shape
             */

            /**
             * Constructs a new Alarm.
             * @memberof qkdd.peer
             * @classdesc Represents an Alarm.
             * @constructor
             * @param {qkdd.peer.Alarm.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Alarm = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Alarm code.
             * @member {string} code
             * @memberof qkdd.peer.Alarm
             * @instance
             */
            Alarm.prototype.code = "";

            /**
             * Alarm severity.
             * @member {qkdd.peer.AlarmSeverity} severity
             * @memberof qkdd.peer.Alarm
             * @instance
             */
            Alarm.prototype.severity = 0;

            /**
             * Alarm message.
             * @member {string} message
             * @memberof qkdd.peer.Alarm
             * @instance
             */
            Alarm.prototype.message = "";

            /**
             * Creates a new Alarm instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.Alarm
             * @static
             * @param {qkdd.peer.Alarm.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.Alarm} Alarm instance
             * @type {{
             *   (properties: qkdd.peer.Alarm.$Shape): qkdd.peer.Alarm & qkdd.peer.Alarm.$Shape;
             *   (properties?: qkdd.peer.Alarm.$Properties): qkdd.peer.Alarm;
             * }}
             */
            Alarm.create = function(properties) {
                return new Alarm(properties);
            };

            /**
             * Encodes the specified Alarm message. Does not implicitly {@link qkdd.peer.Alarm.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.Alarm
             * @static
             * @param {qkdd.peer.Alarm.$Properties} message Alarm message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Alarm.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.code);
                if (message.severity != null && $Object.hasOwnProperty.call(message, "severity") && message.severity !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.severity);
                if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.message);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Alarm message, length delimited. Does not implicitly {@link qkdd.peer.Alarm.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.Alarm
             * @static
             * @param {qkdd.peer.Alarm.$Properties} message Alarm message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Alarm.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Alarm message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.Alarm
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.Alarm & qkdd.peer.Alarm.$Shape} Alarm
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Alarm.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.Alarm();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.code = value;
                            else
                                delete message.code;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.severity = value;
                            else
                                delete message.severity;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.message = value;
                            else
                                delete message.message;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an Alarm message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.Alarm
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.Alarm & qkdd.peer.Alarm.$Shape} Alarm
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Alarm.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Alarm message.
             * @function verify
             * @memberof qkdd.peer.Alarm
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Alarm.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                    if (!$util.isString(message.code))
                        return "code: string expected";
                if (message.severity != null && $Object.hasOwnProperty.call(message, "severity"))
                    if (typeof message.severity !== "number" || (message.severity | 0) !== message.severity)
                        return "severity: enum value expected";
                if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                    if (!$util.isString(message.message))
                        return "message: string expected";
                return null;
            };

            /**
             * Creates an Alarm message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.Alarm
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.Alarm} Alarm
             */
            Alarm.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.Alarm)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.Alarm: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.Alarm();
                if (object.code != null)
                    if (typeof object.code !== "string" || object.code.length)
                        message.code = $String(object.code);
                if (object.severity !== 0 && (typeof object.severity !== "string" || $root.qkdd.peer.AlarmSeverity[object.severity] !== 0))
                    switch (object.severity) {
                    case "ALARM_SEVERITY_UNSPECIFIED":
                    case 0:
                        message.severity = 0;
                        break;
                    case "ALARM_SEVERITY_INFO":
                    case 1:
                        message.severity = 1;
                        break;
                    case "ALARM_SEVERITY_WARNING":
                    case 2:
                        message.severity = 2;
                        break;
                    case "ALARM_SEVERITY_CRITICAL":
                    case 3:
                        message.severity = 3;
                        break;
                    default:
                        if (typeof object.severity === "number" && (object.severity | 0) === object.severity)
                            message.severity = object.severity;
                    }
                if (object.message != null)
                    if (typeof object.message !== "string" || object.message.length)
                        message.message = $String(object.message);
                return message;
            };

            /**
             * Creates a plain object from an Alarm message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.Alarm
             * @static
             * @param {qkdd.peer.Alarm} message Alarm
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Alarm.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.code = "";
                    object.severity = options.enums === $String ? "ALARM_SEVERITY_UNSPECIFIED" : 0;
                    object.message = "";
                }
                if (message.code != null && $Object.hasOwnProperty.call(message, "code"))
                    object.code = message.code;
                if (message.severity != null && $Object.hasOwnProperty.call(message, "severity"))
                    object.severity = options.enums === $String ? $root.qkdd.peer.AlarmSeverity[message.severity] === $undefined ? message.severity : $root.qkdd.peer.AlarmSeverity[message.severity] : message.severity;
                if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                    object.message = message.message;
                return object;
            };

            /**
             * Converts this Alarm to JSON.
             * @function toJSON
             * @memberof qkdd.peer.Alarm
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Alarm.prototype.toJSON = function() {
                return Alarm.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Alarm
             * @function getTypeUrl
             * @memberof qkdd.peer.Alarm
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Alarm.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.Alarm";
            };

            return Alarm;
        })();

        peer.StoreSync = (function() {

            /**
             * Properties of a StoreSync.
             * @typedef {Object} qkdd.peer.StoreSync.$Properties
             * @property {boolean|null} [request] StoreSync request
             * @property {Array.<string>|null} [recentBlockIds] StoreSync recentBlockIds
             * @property {number|null} [requestId] StoreSync requestId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a StoreSync.
             * @memberof qkdd.peer
             * @interface IStoreSync
             * @augments qkdd.peer.StoreSync.$Properties
             * @deprecated Use qkdd.peer.StoreSync.$Properties instead.
             */

            /**
             * Shape of a StoreSync.
             * @typedef {qkdd.peer.StoreSync.$Properties} qkdd.peer.StoreSync.$Shape
             */

            /**
             * Constructs a new StoreSync.
             * @memberof qkdd.peer
             * @classdesc Represents a StoreSync.
             * @constructor
             * @param {qkdd.peer.StoreSync.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const StoreSync = function (properties) {
                this.recentBlockIds = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * StoreSync request.
             * @member {boolean} request
             * @memberof qkdd.peer.StoreSync
             * @instance
             */
            StoreSync.prototype.request = false;

            /**
             * StoreSync recentBlockIds.
             * @member {Array.<string>} recentBlockIds
             * @memberof qkdd.peer.StoreSync
             * @instance
             */
            StoreSync.prototype.recentBlockIds = $util.emptyArray;

            /**
             * StoreSync requestId.
             * @member {number} requestId
             * @memberof qkdd.peer.StoreSync
             * @instance
             */
            StoreSync.prototype.requestId = 0;

            /**
             * Creates a new StoreSync instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.StoreSync
             * @static
             * @param {qkdd.peer.StoreSync.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.StoreSync} StoreSync instance
             * @type {{
             *   (properties: qkdd.peer.StoreSync.$Shape): qkdd.peer.StoreSync & qkdd.peer.StoreSync.$Shape;
             *   (properties?: qkdd.peer.StoreSync.$Properties): qkdd.peer.StoreSync;
             * }}
             */
            StoreSync.create = function(properties) {
                return new StoreSync(properties);
            };

            /**
             * Encodes the specified StoreSync message. Does not implicitly {@link qkdd.peer.StoreSync.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.StoreSync
             * @static
             * @param {qkdd.peer.StoreSync.$Properties} message StoreSync message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            StoreSync.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.request != null && $Object.hasOwnProperty.call(message, "request") && message.request !== false)
                    writer.uint32(/* id 1, wireType 0 =*/8).bool(message.request);
                if (message.recentBlockIds != null && message.recentBlockIds.length)
                    for (let i = 0; i < message.recentBlockIds.length; ++i)
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.recentBlockIds[i]);
                if (message.requestId != null && $Object.hasOwnProperty.call(message, "requestId") && message.requestId !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.requestId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified StoreSync message, length delimited. Does not implicitly {@link qkdd.peer.StoreSync.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.StoreSync
             * @static
             * @param {qkdd.peer.StoreSync.$Properties} message StoreSync message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            StoreSync.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a StoreSync message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.StoreSync
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.StoreSync & qkdd.peer.StoreSync.$Shape} StoreSync
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            StoreSync.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.StoreSync();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.request = value;
                            else
                                delete message.request;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.recentBlockIds && message.recentBlockIds.length))
                                message.recentBlockIds = [];
                            message.recentBlockIds.push(reader.stringVerify());
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.requestId = value;
                            else
                                delete message.requestId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a StoreSync message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.StoreSync
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.StoreSync & qkdd.peer.StoreSync.$Shape} StoreSync
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            StoreSync.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a StoreSync message.
             * @function verify
             * @memberof qkdd.peer.StoreSync
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            StoreSync.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.request != null && $Object.hasOwnProperty.call(message, "request"))
                    if (typeof message.request !== "boolean")
                        return "request: boolean expected";
                if (message.recentBlockIds != null && $Object.hasOwnProperty.call(message, "recentBlockIds")) {
                    if (!$Array.isArray(message.recentBlockIds))
                        return "recentBlockIds: array expected";
                    for (let i = 0; i < message.recentBlockIds.length; ++i)
                        if (!$util.isString(message.recentBlockIds[i]))
                            return "recentBlockIds: string[] expected";
                }
                if (message.requestId != null && $Object.hasOwnProperty.call(message, "requestId"))
                    if (!$util.isInteger(message.requestId))
                        return "requestId: integer expected";
                return null;
            };

            /**
             * Creates a StoreSync message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.StoreSync
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.StoreSync} StoreSync
             */
            StoreSync.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.StoreSync)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.StoreSync: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.StoreSync();
                if (object.request != null)
                    if (object.request)
                        message.request = $Boolean(object.request);
                if (object.recentBlockIds) {
                    if (!$Array.isArray(object.recentBlockIds))
                        throw $TypeError(".qkdd.peer.StoreSync.recentBlockIds: array expected");
                    message.recentBlockIds = $Array(object.recentBlockIds.length);
                    for (let i = 0; i < object.recentBlockIds.length; ++i)
                        message.recentBlockIds[i] = $String(object.recentBlockIds[i]);
                }
                if (object.requestId != null)
                    if ($Number(object.requestId) !== 0)
                        message.requestId = object.requestId >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a StoreSync message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.StoreSync
             * @static
             * @param {qkdd.peer.StoreSync} message StoreSync
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            StoreSync.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.recentBlockIds = [];
                if (options.defaults) {
                    object.request = false;
                    object.requestId = 0;
                }
                if (message.request != null && $Object.hasOwnProperty.call(message, "request"))
                    object.request = message.request;
                if (message.recentBlockIds && message.recentBlockIds.length) {
                    object.recentBlockIds = $Array(message.recentBlockIds.length);
                    for (let j = 0; j < message.recentBlockIds.length; ++j)
                        object.recentBlockIds[j] = message.recentBlockIds[j];
                }
                if (message.requestId != null && $Object.hasOwnProperty.call(message, "requestId"))
                    object.requestId = message.requestId;
                return object;
            };

            /**
             * Converts this StoreSync to JSON.
             * @function toJSON
             * @memberof qkdd.peer.StoreSync
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            StoreSync.prototype.toJSON = function() {
                return StoreSync.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for StoreSync
             * @function getTypeUrl
             * @memberof qkdd.peer.StoreSync
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            StoreSync.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.StoreSync";
            };

            return StoreSync;
        })();

        peer.BlockSegment = (function() {

            /**
             * Properties of a BlockSegment.
             * @typedef {Object} qkdd.peer.BlockSegment.$Properties
             * @property {number|null} [frameId] BlockSegment frameId
             * @property {number|null} [keyFrom] BlockSegment keyFrom
             * @property {number|null} [keyTo] BlockSegment keyTo
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a BlockSegment.
             * @memberof qkdd.peer
             * @interface IBlockSegment
             * @augments qkdd.peer.BlockSegment.$Properties
             * @deprecated Use qkdd.peer.BlockSegment.$Properties instead.
             */

            /**
             * Shape of a BlockSegment.
             * @typedef {qkdd.peer.BlockSegment.$Properties} qkdd.peer.BlockSegment.$Shape
             */

            /**
             * Constructs a new BlockSegment.
             * @memberof qkdd.peer
             * @classdesc Represents a BlockSegment.
             * @constructor
             * @param {qkdd.peer.BlockSegment.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const BlockSegment = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * BlockSegment frameId.
             * @member {number} frameId
             * @memberof qkdd.peer.BlockSegment
             * @instance
             */
            BlockSegment.prototype.frameId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * BlockSegment keyFrom.
             * @member {number} keyFrom
             * @memberof qkdd.peer.BlockSegment
             * @instance
             */
            BlockSegment.prototype.keyFrom = 0;

            /**
             * BlockSegment keyTo.
             * @member {number} keyTo
             * @memberof qkdd.peer.BlockSegment
             * @instance
             */
            BlockSegment.prototype.keyTo = 0;

            /**
             * Creates a new BlockSegment instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.BlockSegment
             * @static
             * @param {qkdd.peer.BlockSegment.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.BlockSegment} BlockSegment instance
             * @type {{
             *   (properties: qkdd.peer.BlockSegment.$Shape): qkdd.peer.BlockSegment & qkdd.peer.BlockSegment.$Shape;
             *   (properties?: qkdd.peer.BlockSegment.$Properties): qkdd.peer.BlockSegment;
             * }}
             */
            BlockSegment.create = function(properties) {
                return new BlockSegment(properties);
            };

            /**
             * Encodes the specified BlockSegment message. Does not implicitly {@link qkdd.peer.BlockSegment.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.BlockSegment
             * @static
             * @param {qkdd.peer.BlockSegment.$Properties} message BlockSegment message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            BlockSegment.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.frameId != null && $Object.hasOwnProperty.call(message, "frameId") && (typeof message.frameId === "object" ? message.frameId.low || message.frameId.high : message.frameId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.frameId);
                if (message.keyFrom != null && $Object.hasOwnProperty.call(message, "keyFrom") && message.keyFrom !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.keyFrom);
                if (message.keyTo != null && $Object.hasOwnProperty.call(message, "keyTo") && message.keyTo !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.keyTo);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified BlockSegment message, length delimited. Does not implicitly {@link qkdd.peer.BlockSegment.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.BlockSegment
             * @static
             * @param {qkdd.peer.BlockSegment.$Properties} message BlockSegment message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            BlockSegment.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a BlockSegment message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.BlockSegment
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.BlockSegment & qkdd.peer.BlockSegment.$Shape} BlockSegment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            BlockSegment.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.BlockSegment();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.frameId = value;
                            else
                                delete message.frameId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.keyFrom = value;
                            else
                                delete message.keyFrom;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.keyTo = value;
                            else
                                delete message.keyTo;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a BlockSegment message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.BlockSegment
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.BlockSegment & qkdd.peer.BlockSegment.$Shape} BlockSegment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            BlockSegment.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a BlockSegment message.
             * @function verify
             * @memberof qkdd.peer.BlockSegment
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            BlockSegment.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.frameId != null && $Object.hasOwnProperty.call(message, "frameId"))
                    if (!$util.isInteger(message.frameId) && !(message.frameId && $util.isInteger(message.frameId.low) && $util.isInteger(message.frameId.high)))
                        return "frameId: integer|Long expected";
                if (message.keyFrom != null && $Object.hasOwnProperty.call(message, "keyFrom"))
                    if (!$util.isInteger(message.keyFrom))
                        return "keyFrom: integer expected";
                if (message.keyTo != null && $Object.hasOwnProperty.call(message, "keyTo"))
                    if (!$util.isInteger(message.keyTo))
                        return "keyTo: integer expected";
                return null;
            };

            /**
             * Creates a BlockSegment message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.BlockSegment
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.BlockSegment} BlockSegment
             */
            BlockSegment.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.BlockSegment)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.BlockSegment: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.BlockSegment();
                if (object.frameId != null)
                    if (typeof object.frameId === "object" ? object.frameId.low || object.frameId.high : $Number(object.frameId) !== 0)
                        if ($util.Long)
                            message.frameId = $util.Long.fromValue(object.frameId, true);
                        else if (typeof object.frameId === "string")
                            message.frameId = $parseInt(object.frameId, 10);
                        else if (typeof object.frameId === "number")
                            message.frameId = object.frameId;
                        else if (typeof object.frameId === "object")
                            message.frameId = new $util.LongBits(object.frameId.low >>> 0, object.frameId.high >>> 0).toNumber(true);
                if (object.keyFrom != null)
                    if ($Number(object.keyFrom) !== 0)
                        message.keyFrom = object.keyFrom >>> 0;
                if (object.keyTo != null)
                    if ($Number(object.keyTo) !== 0)
                        message.keyTo = object.keyTo >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a BlockSegment message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.BlockSegment
             * @static
             * @param {qkdd.peer.BlockSegment} message BlockSegment
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            BlockSegment.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.frameId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.frameId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.keyFrom = 0;
                    object.keyTo = 0;
                }
                if (message.frameId != null && $Object.hasOwnProperty.call(message, "frameId"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.frameId = typeof message.frameId === "number" ? $BigInt(message.frameId) : $util.Long.fromBits(message.frameId.low >>> 0, message.frameId.high >>> 0, true).toBigInt();
                    else if (typeof message.frameId === "number")
                        object.frameId = options.longs === $String ? $String(message.frameId) : message.frameId;
                    else
                        object.frameId = options.longs === $String ? $util.Long.prototype.toString.call(message.frameId) : options.longs === $Number ? new $util.LongBits(message.frameId.low >>> 0, message.frameId.high >>> 0).toNumber(true) : message.frameId;
                if (message.keyFrom != null && $Object.hasOwnProperty.call(message, "keyFrom"))
                    object.keyFrom = message.keyFrom;
                if (message.keyTo != null && $Object.hasOwnProperty.call(message, "keyTo"))
                    object.keyTo = message.keyTo;
                return object;
            };

            /**
             * Converts this BlockSegment to JSON.
             * @function toJSON
             * @memberof qkdd.peer.BlockSegment
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            BlockSegment.prototype.toJSON = function() {
                return BlockSegment.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for BlockSegment
             * @function getTypeUrl
             * @memberof qkdd.peer.BlockSegment
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            BlockSegment.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.BlockSegment";
            };

            return BlockSegment;
        })();

        peer.RelayBytes = (function() {

            /**
             * Properties of a RelayBytes.
             * @typedef {Object} qkdd.peer.RelayBytes.$Properties
             * @property {Uint8Array|null} [payload] RelayBytes payload
             * @property {Uint8Array|null} [linkState] RelayBytes linkState
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RelayBytes.
             * @memberof qkdd.peer
             * @interface IRelayBytes
             * @augments qkdd.peer.RelayBytes.$Properties
             * @deprecated Use qkdd.peer.RelayBytes.$Properties instead.
             */

            /**
             * Shape of a RelayBytes.
             * @typedef {qkdd.peer.RelayBytes.$Properties} qkdd.peer.RelayBytes.$Shape
             */

            /**
             * Constructs a new RelayBytes.
             * @memberof qkdd.peer
             * @classdesc Represents a RelayBytes.
             * @constructor
             * @param {qkdd.peer.RelayBytes.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RelayBytes = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RelayBytes payload.
             * @member {Uint8Array} payload
             * @memberof qkdd.peer.RelayBytes
             * @instance
             */
            RelayBytes.prototype.payload = $util.newBuffer([]);

            /**
             * RelayBytes linkState.
             * @member {Uint8Array} linkState
             * @memberof qkdd.peer.RelayBytes
             * @instance
             */
            RelayBytes.prototype.linkState = $util.newBuffer([]);

            /**
             * Creates a new RelayBytes instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.RelayBytes
             * @static
             * @param {qkdd.peer.RelayBytes.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.RelayBytes} RelayBytes instance
             * @type {{
             *   (properties: qkdd.peer.RelayBytes.$Shape): qkdd.peer.RelayBytes & qkdd.peer.RelayBytes.$Shape;
             *   (properties?: qkdd.peer.RelayBytes.$Properties): qkdd.peer.RelayBytes;
             * }}
             */
            RelayBytes.create = function(properties) {
                return new RelayBytes(properties);
            };

            /**
             * Encodes the specified RelayBytes message. Does not implicitly {@link qkdd.peer.RelayBytes.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.RelayBytes
             * @static
             * @param {qkdd.peer.RelayBytes.$Properties} message RelayBytes message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RelayBytes.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload") && message.payload.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.payload);
                if (message.linkState != null && $Object.hasOwnProperty.call(message, "linkState") && message.linkState.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.linkState);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified RelayBytes message, length delimited. Does not implicitly {@link qkdd.peer.RelayBytes.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.RelayBytes
             * @static
             * @param {qkdd.peer.RelayBytes.$Properties} message RelayBytes message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RelayBytes.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a RelayBytes message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.RelayBytes
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.RelayBytes & qkdd.peer.RelayBytes.$Shape} RelayBytes
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RelayBytes.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.RelayBytes();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.payload = value;
                            else
                                delete message.payload;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.linkState = value;
                            else
                                delete message.linkState;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a RelayBytes message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.RelayBytes
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.RelayBytes & qkdd.peer.RelayBytes.$Shape} RelayBytes
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RelayBytes.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a RelayBytes message.
             * @function verify
             * @memberof qkdd.peer.RelayBytes
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            RelayBytes.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                    if (!(message.payload && typeof message.payload.length === "number" || $util.isString(message.payload)))
                        return "payload: buffer expected";
                if (message.linkState != null && $Object.hasOwnProperty.call(message, "linkState"))
                    if (!(message.linkState && typeof message.linkState.length === "number" || $util.isString(message.linkState)))
                        return "linkState: buffer expected";
                return null;
            };

            /**
             * Creates a RelayBytes message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.RelayBytes
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.RelayBytes} RelayBytes
             */
            RelayBytes.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.RelayBytes)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.RelayBytes: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.RelayBytes();
                if (object.payload != null)
                    if (object.payload.length)
                        if (typeof object.payload === "string")
                            $util.base64.decode(object.payload, message.payload = $util.newBuffer($util.base64.length(object.payload)), 0);
                        else if (object.payload.length >= 0)
                            message.payload = object.payload;
                if (object.linkState != null)
                    if (object.linkState.length)
                        if (typeof object.linkState === "string")
                            $util.base64.decode(object.linkState, message.linkState = $util.newBuffer($util.base64.length(object.linkState)), 0);
                        else if (object.linkState.length >= 0)
                            message.linkState = object.linkState;
                return message;
            };

            /**
             * Creates a plain object from a RelayBytes message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.RelayBytes
             * @static
             * @param {qkdd.peer.RelayBytes} message RelayBytes
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RelayBytes.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.payload = "";
                    else {
                        object.payload = [];
                        if (options.bytes !== $Array)
                            object.payload = $util.newBuffer(object.payload);
                    }
                    if (options.bytes === $String)
                        object.linkState = "";
                    else {
                        object.linkState = [];
                        if (options.bytes !== $Array)
                            object.linkState = $util.newBuffer(object.linkState);
                    }
                }
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload"))
                    object.payload = options.bytes === $String ? $util.base64.encode(message.payload, 0, message.payload.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.payload) : message.payload;
                if (message.linkState != null && $Object.hasOwnProperty.call(message, "linkState"))
                    object.linkState = options.bytes === $String ? $util.base64.encode(message.linkState, 0, message.linkState.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.linkState) : message.linkState;
                return object;
            };

            /**
             * Converts this RelayBytes to JSON.
             * @function toJSON
             * @memberof qkdd.peer.RelayBytes
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RelayBytes.prototype.toJSON = function() {
                return RelayBytes.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for RelayBytes
             * @function getTypeUrl
             * @memberof qkdd.peer.RelayBytes
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            RelayBytes.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.RelayBytes";
            };

            return RelayBytes;
        })();

        peer.BlockClose = (function() {

            /**
             * Properties of a BlockClose.
             * @typedef {Object} qkdd.peer.BlockClose.$Properties
             * @property {number|null} [blockId] BlockClose blockId
             * @property {Array.<qkdd.peer.BlockSegment.$Properties>|null} [segments] BlockClose segments
             * @property {number|null} [keyBits] BlockClose keyBits
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a BlockClose.
             * @memberof qkdd.peer
             * @interface IBlockClose
             * @augments qkdd.peer.BlockClose.$Properties
             * @deprecated Use qkdd.peer.BlockClose.$Properties instead.
             */

            /**
             * Shape of a BlockClose.
             * @typedef {qkdd.peer.BlockClose.$Properties} qkdd.peer.BlockClose.$Shape
             */

            /**
             * Constructs a new BlockClose.
             * @memberof qkdd.peer
             * @classdesc Represents a BlockClose.
             * @constructor
             * @param {qkdd.peer.BlockClose.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const BlockClose = function (properties) {
                this.segments = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * BlockClose blockId.
             * @member {number} blockId
             * @memberof qkdd.peer.BlockClose
             * @instance
             */
            BlockClose.prototype.blockId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * BlockClose segments.
             * @member {Array.<qkdd.peer.BlockSegment.$Properties>} segments
             * @memberof qkdd.peer.BlockClose
             * @instance
             */
            BlockClose.prototype.segments = $util.emptyArray;

            /**
             * BlockClose keyBits.
             * @member {number} keyBits
             * @memberof qkdd.peer.BlockClose
             * @instance
             */
            BlockClose.prototype.keyBits = 0;

            /**
             * Creates a new BlockClose instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.BlockClose
             * @static
             * @param {qkdd.peer.BlockClose.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.BlockClose} BlockClose instance
             * @type {{
             *   (properties: qkdd.peer.BlockClose.$Shape): qkdd.peer.BlockClose & qkdd.peer.BlockClose.$Shape;
             *   (properties?: qkdd.peer.BlockClose.$Properties): qkdd.peer.BlockClose;
             * }}
             */
            BlockClose.create = function(properties) {
                return new BlockClose(properties);
            };

            /**
             * Encodes the specified BlockClose message. Does not implicitly {@link qkdd.peer.BlockClose.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.BlockClose
             * @static
             * @param {qkdd.peer.BlockClose.$Properties} message BlockClose message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            BlockClose.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId") && (typeof message.blockId === "object" ? message.blockId.low || message.blockId.high : message.blockId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.blockId);
                if (message.segments != null && message.segments.length)
                    for (let i = 0; i < message.segments.length; ++i)
                        $root.qkdd.peer.BlockSegment.encode(message.segments[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.keyBits != null && $Object.hasOwnProperty.call(message, "keyBits") && message.keyBits !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.keyBits);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified BlockClose message, length delimited. Does not implicitly {@link qkdd.peer.BlockClose.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.BlockClose
             * @static
             * @param {qkdd.peer.BlockClose.$Properties} message BlockClose message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            BlockClose.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a BlockClose message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.BlockClose
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.BlockClose & qkdd.peer.BlockClose.$Shape} BlockClose
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            BlockClose.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.BlockClose();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.blockId = value;
                            else
                                delete message.blockId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.segments && message.segments.length))
                                message.segments = [];
                            message.segments.push($root.qkdd.peer.BlockSegment.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.keyBits = value;
                            else
                                delete message.keyBits;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes a BlockClose message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.BlockClose
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.BlockClose & qkdd.peer.BlockClose.$Shape} BlockClose
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            BlockClose.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a BlockClose message.
             * @function verify
             * @memberof qkdd.peer.BlockClose
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            BlockClose.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId"))
                    if (!$util.isInteger(message.blockId) && !(message.blockId && $util.isInteger(message.blockId.low) && $util.isInteger(message.blockId.high)))
                        return "blockId: integer|Long expected";
                if (message.segments != null && $Object.hasOwnProperty.call(message, "segments")) {
                    if (!$Array.isArray(message.segments))
                        return "segments: array expected";
                    for (let i = 0; i < message.segments.length; ++i) {
                        let error = $root.qkdd.peer.BlockSegment.verify(message.segments[i], _depth + 1);
                        if (error)
                            return "segments." + error;
                    }
                }
                if (message.keyBits != null && $Object.hasOwnProperty.call(message, "keyBits"))
                    if (!$util.isInteger(message.keyBits))
                        return "keyBits: integer expected";
                return null;
            };

            /**
             * Creates a BlockClose message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.BlockClose
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.BlockClose} BlockClose
             */
            BlockClose.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.BlockClose)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.BlockClose: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.BlockClose();
                if (object.blockId != null)
                    if (typeof object.blockId === "object" ? object.blockId.low || object.blockId.high : $Number(object.blockId) !== 0)
                        if ($util.Long)
                            message.blockId = $util.Long.fromValue(object.blockId, true);
                        else if (typeof object.blockId === "string")
                            message.blockId = $parseInt(object.blockId, 10);
                        else if (typeof object.blockId === "number")
                            message.blockId = object.blockId;
                        else if (typeof object.blockId === "object")
                            message.blockId = new $util.LongBits(object.blockId.low >>> 0, object.blockId.high >>> 0).toNumber(true);
                if (object.segments) {
                    if (!$Array.isArray(object.segments))
                        throw $TypeError(".qkdd.peer.BlockClose.segments: array expected");
                    message.segments = $Array(object.segments.length);
                    for (let i = 0; i < object.segments.length; ++i) {
                        if (!$util.isObject(object.segments[i]))
                            throw $TypeError(".qkdd.peer.BlockClose.segments: object expected");
                        message.segments[i] = $root.qkdd.peer.BlockSegment.fromObject(object.segments[i], _depth + 1);
                    }
                }
                if (object.keyBits != null)
                    if ($Number(object.keyBits) !== 0)
                        message.keyBits = object.keyBits >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a BlockClose message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.BlockClose
             * @static
             * @param {qkdd.peer.BlockClose} message BlockClose
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            BlockClose.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults)
                    object.segments = [];
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.blockId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.blockId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.keyBits = 0;
                }
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.blockId = typeof message.blockId === "number" ? $BigInt(message.blockId) : $util.Long.fromBits(message.blockId.low >>> 0, message.blockId.high >>> 0, true).toBigInt();
                    else if (typeof message.blockId === "number")
                        object.blockId = options.longs === $String ? $String(message.blockId) : message.blockId;
                    else
                        object.blockId = options.longs === $String ? $util.Long.prototype.toString.call(message.blockId) : options.longs === $Number ? new $util.LongBits(message.blockId.low >>> 0, message.blockId.high >>> 0).toNumber(true) : message.blockId;
                if (message.segments && message.segments.length) {
                    object.segments = $Array(message.segments.length);
                    for (let j = 0; j < message.segments.length; ++j)
                        object.segments[j] = $root.qkdd.peer.BlockSegment.toObject(message.segments[j], options, _depth + 1);
                }
                if (message.keyBits != null && $Object.hasOwnProperty.call(message, "keyBits"))
                    object.keyBits = message.keyBits;
                return object;
            };

            /**
             * Converts this BlockClose to JSON.
             * @function toJSON
             * @memberof qkdd.peer.BlockClose
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            BlockClose.prototype.toJSON = function() {
                return BlockClose.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for BlockClose
             * @function getTypeUrl
             * @memberof qkdd.peer.BlockClose
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            BlockClose.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.BlockClose";
            };

            return BlockClose;
        })();

        peer.Envelope = (function() {

            /**
             * Properties of an Envelope.
             * @typedef {Object} qkdd.peer.Envelope.$Properties
             * @property {number|null} [frameId] Envelope frameId
             * @property {number|null} [blockId] Envelope blockId
             * @property {qkdd.peer.Hello.$Properties|null} [hello] Envelope hello
             * @property {qkdd.peer.SiftDetections.$Properties|null} [siftDetections] Envelope siftDetections
             * @property {qkdd.peer.SiftMatch.$Properties|null} [siftMatch] Envelope siftMatch
             * @property {qkdd.peer.IntensityClasses.$Properties|null} [intensityClasses] Envelope intensityClasses
             * @property {qkdd.peer.EstimationDisclosure.$Properties|null} [estimationDisclosure] Envelope estimationDisclosure
             * @property {qkdd.peer.CascadeRequest.$Properties|null} [cascadeRequest] Envelope cascadeRequest
             * @property {qkdd.peer.CascadeReply.$Properties|null} [cascadeReply] Envelope cascadeReply
             * @property {qkdd.peer.VerificationSeed.$Properties|null} [verificationSeed] Envelope verificationSeed
             * @property {qkdd.peer.VerificationTag.$Properties|null} [verificationTag] Envelope verificationTag
             * @property {qkdd.peer.PrivacyAmplificationSeed.$Properties|null} [privacyAmplificationSeed] Envelope privacyAmplificationSeed
             * @property {qkdd.peer.BlockStored.$Properties|null} [blockStored] Envelope blockStored
             * @property {qkdd.peer.KeyReservationRequest.$Properties|null} [keyReservationRequest] Envelope keyReservationRequest
             * @property {qkdd.peer.KeyReservationAck.$Properties|null} [keyReservationAck] Envelope keyReservationAck
             * @property {qkdd.peer.Abort.$Properties|null} [abort] Envelope abort
             * @property {qkdd.peer.Alarm.$Properties|null} [alarm] Envelope alarm
             * @property {qkdd.peer.StoreSync.$Properties|null} [storeSync] Envelope storeSync
             * @property {qkdd.peer.BlockClose.$Properties|null} [blockClose] Envelope blockClose
             * @property {qkdd.peer.RelayBytes.$Properties|null} [relay] Envelope relay
             * @property {"hello"|"siftDetections"|"siftMatch"|"intensityClasses"|"estimationDisclosure"|"cascadeRequest"|"cascadeReply"|"verificationSeed"|"verificationTag"|"privacyAmplificationSeed"|"blockStored"|"keyReservationRequest"|"keyReservationAck"|"abort"|"alarm"|"storeSync"|"blockClose"|"relay"} [body] Envelope body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Envelope.
             * @memberof qkdd.peer
             * @interface IEnvelope
             * @augments qkdd.peer.Envelope.$Properties
             * @deprecated Use qkdd.peer.Envelope.$Properties instead.
             */

            /**
             * Narrowed shape of an Envelope.
             * @typedef {{
             *   frameId?: number|null;
             *   blockId?: number|null;
             *   hello?: qkdd.peer.Hello.$Shape|null;
             *   siftDetections?: qkdd.peer.SiftDetections.$Shape|null;
             *   siftMatch?: qkdd.peer.SiftMatch.$Shape|null;
             *   intensityClasses?: qkdd.peer.IntensityClasses.$Shape|null;
             *   estimationDisclosure?: qkdd.peer.EstimationDisclosure.$Shape|null;
             *   cascadeRequest?: qkdd.peer.CascadeRequest.$Shape|null;
             *   cascadeReply?: qkdd.peer.CascadeReply.$Shape|null;
             *   verificationSeed?: qkdd.peer.VerificationSeed.$Shape|null;
             *   verificationTag?: qkdd.peer.VerificationTag.$Shape|null;
             *   privacyAmplificationSeed?: qkdd.peer.PrivacyAmplificationSeed.$Shape|null;
             *   blockStored?: qkdd.peer.BlockStored.$Shape|null;
             *   keyReservationRequest?: qkdd.peer.KeyReservationRequest.$Shape|null;
             *   keyReservationAck?: qkdd.peer.KeyReservationAck.$Shape|null;
             *   abort?: qkdd.peer.Abort.$Shape|null;
             *   alarm?: qkdd.peer.Alarm.$Shape|null;
             *   storeSync?: qkdd.peer.StoreSync.$Shape|null;
             *   blockClose?: qkdd.peer.BlockClose.$Shape|null;
             *   relay?: qkdd.peer.RelayBytes.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "hello"; hello: qkdd.peer.Hello.$Shape; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "siftDetections"; hello?: null; siftDetections: qkdd.peer.SiftDetections.$Shape; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "siftMatch"; hello?: null; siftDetections?: null; siftMatch: qkdd.peer.SiftMatch.$Shape; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "intensityClasses"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses: qkdd.peer.IntensityClasses.$Shape; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "estimationDisclosure"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure: qkdd.peer.EstimationDisclosure.$Shape; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "cascadeRequest"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest: qkdd.peer.CascadeRequest.$Shape; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "cascadeReply"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply: qkdd.peer.CascadeReply.$Shape; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "verificationSeed"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed: qkdd.peer.VerificationSeed.$Shape; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "verificationTag"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag: qkdd.peer.VerificationTag.$Shape; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "privacyAmplificationSeed"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed: qkdd.peer.PrivacyAmplificationSeed.$Shape; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "blockStored"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored: qkdd.peer.BlockStored.$Shape; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "keyReservationRequest"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest: qkdd.peer.KeyReservationRequest.$Shape; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "keyReservationAck"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck: qkdd.peer.KeyReservationAck.$Shape; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "abort"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort: qkdd.peer.Abort.$Shape; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "alarm"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm: qkdd.peer.Alarm.$Shape; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "storeSync"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync: qkdd.peer.StoreSync.$Shape; blockClose?: null; relay?: null }|{ body?: "blockClose"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose: qkdd.peer.BlockClose.$Shape; relay?: null }|{ body?: "relay"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay: qkdd.peer.RelayBytes.$Shape })
             * )} qkdd.peer.Envelope.$Shape
             */

            /**
             * Constructs a new Envelope.
             * @memberof qkdd.peer
             * @classdesc Represents an Envelope.
             * @constructor
             * @param {qkdd.peer.Envelope.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Envelope = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Envelope frameId.
             * @member {number} frameId
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.frameId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Envelope blockId.
             * @member {number} blockId
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.blockId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Envelope hello.
             * @member {qkdd.peer.Hello.$Properties|null|undefined} hello
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.hello = null;

            /**
             * Envelope siftDetections.
             * @member {qkdd.peer.SiftDetections.$Properties|null|undefined} siftDetections
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.siftDetections = null;

            /**
             * Envelope siftMatch.
             * @member {qkdd.peer.SiftMatch.$Properties|null|undefined} siftMatch
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.siftMatch = null;

            /**
             * Envelope intensityClasses.
             * @member {qkdd.peer.IntensityClasses.$Properties|null|undefined} intensityClasses
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.intensityClasses = null;

            /**
             * Envelope estimationDisclosure.
             * @member {qkdd.peer.EstimationDisclosure.$Properties|null|undefined} estimationDisclosure
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.estimationDisclosure = null;

            /**
             * Envelope cascadeRequest.
             * @member {qkdd.peer.CascadeRequest.$Properties|null|undefined} cascadeRequest
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.cascadeRequest = null;

            /**
             * Envelope cascadeReply.
             * @member {qkdd.peer.CascadeReply.$Properties|null|undefined} cascadeReply
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.cascadeReply = null;

            /**
             * Envelope verificationSeed.
             * @member {qkdd.peer.VerificationSeed.$Properties|null|undefined} verificationSeed
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.verificationSeed = null;

            /**
             * Envelope verificationTag.
             * @member {qkdd.peer.VerificationTag.$Properties|null|undefined} verificationTag
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.verificationTag = null;

            /**
             * Envelope privacyAmplificationSeed.
             * @member {qkdd.peer.PrivacyAmplificationSeed.$Properties|null|undefined} privacyAmplificationSeed
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.privacyAmplificationSeed = null;

            /**
             * Envelope blockStored.
             * @member {qkdd.peer.BlockStored.$Properties|null|undefined} blockStored
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.blockStored = null;

            /**
             * Envelope keyReservationRequest.
             * @member {qkdd.peer.KeyReservationRequest.$Properties|null|undefined} keyReservationRequest
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.keyReservationRequest = null;

            /**
             * Envelope keyReservationAck.
             * @member {qkdd.peer.KeyReservationAck.$Properties|null|undefined} keyReservationAck
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.keyReservationAck = null;

            /**
             * Envelope abort.
             * @member {qkdd.peer.Abort.$Properties|null|undefined} abort
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.abort = null;

            /**
             * Envelope alarm.
             * @member {qkdd.peer.Alarm.$Properties|null|undefined} alarm
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.alarm = null;

            /**
             * Envelope storeSync.
             * @member {qkdd.peer.StoreSync.$Properties|null|undefined} storeSync
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.storeSync = null;

            /**
             * Envelope blockClose.
             * @member {qkdd.peer.BlockClose.$Properties|null|undefined} blockClose
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.blockClose = null;

            /**
             * Envelope relay.
             * @member {qkdd.peer.RelayBytes.$Properties|null|undefined} relay
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            Envelope.prototype.relay = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Envelope body.
             * @member {"hello"|"siftDetections"|"siftMatch"|"intensityClasses"|"estimationDisclosure"|"cascadeRequest"|"cascadeReply"|"verificationSeed"|"verificationTag"|"privacyAmplificationSeed"|"blockStored"|"keyReservationRequest"|"keyReservationAck"|"abort"|"alarm"|"storeSync"|"blockClose"|"relay"|undefined} body
             * @memberof qkdd.peer.Envelope
             * @instance
             */
            $Object.defineProperty(Envelope.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["hello", "siftDetections", "siftMatch", "intensityClasses", "estimationDisclosure", "cascadeRequest", "cascadeReply", "verificationSeed", "verificationTag", "privacyAmplificationSeed", "blockStored", "keyReservationRequest", "keyReservationAck", "abort", "alarm", "storeSync", "blockClose", "relay"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Envelope instance using the specified properties.
             * @function create
             * @memberof qkdd.peer.Envelope
             * @static
             * @param {qkdd.peer.Envelope.$Properties=} [properties] Properties to set
             * @returns {qkdd.peer.Envelope} Envelope instance
             * @type {{
             *   (properties: qkdd.peer.Envelope.$Shape): qkdd.peer.Envelope & qkdd.peer.Envelope.$Shape;
             *   (properties?: qkdd.peer.Envelope.$Properties): qkdd.peer.Envelope;
             * }}
             */
            Envelope.create = function(properties) {
                return new Envelope(properties);
            };

            /**
             * Encodes the specified Envelope message. Does not implicitly {@link qkdd.peer.Envelope.verify|verify} messages.
             * @function encode
             * @memberof qkdd.peer.Envelope
             * @static
             * @param {qkdd.peer.Envelope.$Properties} message Envelope message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Envelope.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.frameId != null && $Object.hasOwnProperty.call(message, "frameId") && (typeof message.frameId === "object" ? message.frameId.low || message.frameId.high : message.frameId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.frameId);
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId") && (typeof message.blockId === "object" ? message.blockId.low || message.blockId.high : message.blockId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.blockId);
                if (message.hello != null && $Object.hasOwnProperty.call(message, "hello"))
                    $root.qkdd.peer.Hello.encode(message.hello, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.siftDetections != null && $Object.hasOwnProperty.call(message, "siftDetections"))
                    $root.qkdd.peer.SiftDetections.encode(message.siftDetections, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.siftMatch != null && $Object.hasOwnProperty.call(message, "siftMatch"))
                    $root.qkdd.peer.SiftMatch.encode(message.siftMatch, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                if (message.intensityClasses != null && $Object.hasOwnProperty.call(message, "intensityClasses"))
                    $root.qkdd.peer.IntensityClasses.encode(message.intensityClasses, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                if (message.estimationDisclosure != null && $Object.hasOwnProperty.call(message, "estimationDisclosure"))
                    $root.qkdd.peer.EstimationDisclosure.encode(message.estimationDisclosure, writer.uint32(/* id 14, wireType 2 =*/114).fork(), _depth + 1).ldelim();
                if (message.cascadeRequest != null && $Object.hasOwnProperty.call(message, "cascadeRequest"))
                    $root.qkdd.peer.CascadeRequest.encode(message.cascadeRequest, writer.uint32(/* id 15, wireType 2 =*/122).fork(), _depth + 1).ldelim();
                if (message.cascadeReply != null && $Object.hasOwnProperty.call(message, "cascadeReply"))
                    $root.qkdd.peer.CascadeReply.encode(message.cascadeReply, writer.uint32(/* id 16, wireType 2 =*/130).fork(), _depth + 1).ldelim();
                if (message.verificationSeed != null && $Object.hasOwnProperty.call(message, "verificationSeed"))
                    $root.qkdd.peer.VerificationSeed.encode(message.verificationSeed, writer.uint32(/* id 17, wireType 2 =*/138).fork(), _depth + 1).ldelim();
                if (message.verificationTag != null && $Object.hasOwnProperty.call(message, "verificationTag"))
                    $root.qkdd.peer.VerificationTag.encode(message.verificationTag, writer.uint32(/* id 18, wireType 2 =*/146).fork(), _depth + 1).ldelim();
                if (message.privacyAmplificationSeed != null && $Object.hasOwnProperty.call(message, "privacyAmplificationSeed"))
                    $root.qkdd.peer.PrivacyAmplificationSeed.encode(message.privacyAmplificationSeed, writer.uint32(/* id 19, wireType 2 =*/154).fork(), _depth + 1).ldelim();
                if (message.blockStored != null && $Object.hasOwnProperty.call(message, "blockStored"))
                    $root.qkdd.peer.BlockStored.encode(message.blockStored, writer.uint32(/* id 20, wireType 2 =*/162).fork(), _depth + 1).ldelim();
                if (message.keyReservationRequest != null && $Object.hasOwnProperty.call(message, "keyReservationRequest"))
                    $root.qkdd.peer.KeyReservationRequest.encode(message.keyReservationRequest, writer.uint32(/* id 21, wireType 2 =*/170).fork(), _depth + 1).ldelim();
                if (message.keyReservationAck != null && $Object.hasOwnProperty.call(message, "keyReservationAck"))
                    $root.qkdd.peer.KeyReservationAck.encode(message.keyReservationAck, writer.uint32(/* id 22, wireType 2 =*/178).fork(), _depth + 1).ldelim();
                if (message.abort != null && $Object.hasOwnProperty.call(message, "abort"))
                    $root.qkdd.peer.Abort.encode(message.abort, writer.uint32(/* id 23, wireType 2 =*/186).fork(), _depth + 1).ldelim();
                if (message.alarm != null && $Object.hasOwnProperty.call(message, "alarm"))
                    $root.qkdd.peer.Alarm.encode(message.alarm, writer.uint32(/* id 24, wireType 2 =*/194).fork(), _depth + 1).ldelim();
                if (message.storeSync != null && $Object.hasOwnProperty.call(message, "storeSync"))
                    $root.qkdd.peer.StoreSync.encode(message.storeSync, writer.uint32(/* id 25, wireType 2 =*/202).fork(), _depth + 1).ldelim();
                if (message.blockClose != null && $Object.hasOwnProperty.call(message, "blockClose"))
                    $root.qkdd.peer.BlockClose.encode(message.blockClose, writer.uint32(/* id 26, wireType 2 =*/210).fork(), _depth + 1).ldelim();
                if (message.relay != null && $Object.hasOwnProperty.call(message, "relay"))
                    $root.qkdd.peer.RelayBytes.encode(message.relay, writer.uint32(/* id 27, wireType 2 =*/218).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Envelope message, length delimited. Does not implicitly {@link qkdd.peer.Envelope.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.peer.Envelope
             * @static
             * @param {qkdd.peer.Envelope.$Properties} message Envelope message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Envelope.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Envelope message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.peer.Envelope
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.peer.Envelope & qkdd.peer.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Envelope.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.peer.Envelope();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.frameId = value;
                            else
                                delete message.frameId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.blockId = value;
                            else
                                delete message.blockId;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.hello = $root.qkdd.peer.Hello.decode(reader, reader.size(), $undefined, _depth + 1, message.hello);
                            message.body = "hello";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.siftDetections = $root.qkdd.peer.SiftDetections.decode(reader, reader.size(), $undefined, _depth + 1, message.siftDetections);
                            message.body = "siftDetections";
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            message.siftMatch = $root.qkdd.peer.SiftMatch.decode(reader, reader.size(), $undefined, _depth + 1, message.siftMatch);
                            message.body = "siftMatch";
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            message.intensityClasses = $root.qkdd.peer.IntensityClasses.decode(reader, reader.size(), $undefined, _depth + 1, message.intensityClasses);
                            message.body = "intensityClasses";
                            continue;
                        }
                    case 14: {
                            if (wireType !== 2)
                                break;
                            message.estimationDisclosure = $root.qkdd.peer.EstimationDisclosure.decode(reader, reader.size(), $undefined, _depth + 1, message.estimationDisclosure);
                            message.body = "estimationDisclosure";
                            continue;
                        }
                    case 15: {
                            if (wireType !== 2)
                                break;
                            message.cascadeRequest = $root.qkdd.peer.CascadeRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.cascadeRequest);
                            message.body = "cascadeRequest";
                            continue;
                        }
                    case 16: {
                            if (wireType !== 2)
                                break;
                            message.cascadeReply = $root.qkdd.peer.CascadeReply.decode(reader, reader.size(), $undefined, _depth + 1, message.cascadeReply);
                            message.body = "cascadeReply";
                            continue;
                        }
                    case 17: {
                            if (wireType !== 2)
                                break;
                            message.verificationSeed = $root.qkdd.peer.VerificationSeed.decode(reader, reader.size(), $undefined, _depth + 1, message.verificationSeed);
                            message.body = "verificationSeed";
                            continue;
                        }
                    case 18: {
                            if (wireType !== 2)
                                break;
                            message.verificationTag = $root.qkdd.peer.VerificationTag.decode(reader, reader.size(), $undefined, _depth + 1, message.verificationTag);
                            message.body = "verificationTag";
                            continue;
                        }
                    case 19: {
                            if (wireType !== 2)
                                break;
                            message.privacyAmplificationSeed = $root.qkdd.peer.PrivacyAmplificationSeed.decode(reader, reader.size(), $undefined, _depth + 1, message.privacyAmplificationSeed);
                            message.body = "privacyAmplificationSeed";
                            continue;
                        }
                    case 20: {
                            if (wireType !== 2)
                                break;
                            message.blockStored = $root.qkdd.peer.BlockStored.decode(reader, reader.size(), $undefined, _depth + 1, message.blockStored);
                            message.body = "blockStored";
                            continue;
                        }
                    case 21: {
                            if (wireType !== 2)
                                break;
                            message.keyReservationRequest = $root.qkdd.peer.KeyReservationRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.keyReservationRequest);
                            message.body = "keyReservationRequest";
                            continue;
                        }
                    case 22: {
                            if (wireType !== 2)
                                break;
                            message.keyReservationAck = $root.qkdd.peer.KeyReservationAck.decode(reader, reader.size(), $undefined, _depth + 1, message.keyReservationAck);
                            message.body = "keyReservationAck";
                            continue;
                        }
                    case 23: {
                            if (wireType !== 2)
                                break;
                            message.abort = $root.qkdd.peer.Abort.decode(reader, reader.size(), $undefined, _depth + 1, message.abort);
                            message.body = "abort";
                            continue;
                        }
                    case 24: {
                            if (wireType !== 2)
                                break;
                            message.alarm = $root.qkdd.peer.Alarm.decode(reader, reader.size(), $undefined, _depth + 1, message.alarm);
                            message.body = "alarm";
                            continue;
                        }
                    case 25: {
                            if (wireType !== 2)
                                break;
                            message.storeSync = $root.qkdd.peer.StoreSync.decode(reader, reader.size(), $undefined, _depth + 1, message.storeSync);
                            message.body = "storeSync";
                            continue;
                        }
                    case 26: {
                            if (wireType !== 2)
                                break;
                            message.blockClose = $root.qkdd.peer.BlockClose.decode(reader, reader.size(), $undefined, _depth + 1, message.blockClose);
                            message.body = "blockClose";
                            continue;
                        }
                    case 27: {
                            if (wireType !== 2)
                                break;
                            message.relay = $root.qkdd.peer.RelayBytes.decode(reader, reader.size(), $undefined, _depth + 1, message.relay);
                            message.body = "relay";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Decodes an Envelope message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.peer.Envelope
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.peer.Envelope & qkdd.peer.Envelope.$Shape} Envelope
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Envelope.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies an Envelope message.
             * @function verify
             * @memberof qkdd.peer.Envelope
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Envelope.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.frameId != null && $Object.hasOwnProperty.call(message, "frameId"))
                    if (!$util.isInteger(message.frameId) && !(message.frameId && $util.isInteger(message.frameId.low) && $util.isInteger(message.frameId.high)))
                        return "frameId: integer|Long expected";
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId"))
                    if (!$util.isInteger(message.blockId) && !(message.blockId && $util.isInteger(message.blockId.low) && $util.isInteger(message.blockId.high)))
                        return "blockId: integer|Long expected";
                if (message.hello != null && $Object.hasOwnProperty.call(message, "hello")) {
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.Hello.verify(message.hello, _depth + 1);
                        if (error)
                            return "hello." + error;
                    }
                }
                if (message.siftDetections != null && $Object.hasOwnProperty.call(message, "siftDetections")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.SiftDetections.verify(message.siftDetections, _depth + 1);
                        if (error)
                            return "siftDetections." + error;
                    }
                }
                if (message.siftMatch != null && $Object.hasOwnProperty.call(message, "siftMatch")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.SiftMatch.verify(message.siftMatch, _depth + 1);
                        if (error)
                            return "siftMatch." + error;
                    }
                }
                if (message.intensityClasses != null && $Object.hasOwnProperty.call(message, "intensityClasses")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.IntensityClasses.verify(message.intensityClasses, _depth + 1);
                        if (error)
                            return "intensityClasses." + error;
                    }
                }
                if (message.estimationDisclosure != null && $Object.hasOwnProperty.call(message, "estimationDisclosure")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.EstimationDisclosure.verify(message.estimationDisclosure, _depth + 1);
                        if (error)
                            return "estimationDisclosure." + error;
                    }
                }
                if (message.cascadeRequest != null && $Object.hasOwnProperty.call(message, "cascadeRequest")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.CascadeRequest.verify(message.cascadeRequest, _depth + 1);
                        if (error)
                            return "cascadeRequest." + error;
                    }
                }
                if (message.cascadeReply != null && $Object.hasOwnProperty.call(message, "cascadeReply")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.CascadeReply.verify(message.cascadeReply, _depth + 1);
                        if (error)
                            return "cascadeReply." + error;
                    }
                }
                if (message.verificationSeed != null && $Object.hasOwnProperty.call(message, "verificationSeed")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.VerificationSeed.verify(message.verificationSeed, _depth + 1);
                        if (error)
                            return "verificationSeed." + error;
                    }
                }
                if (message.verificationTag != null && $Object.hasOwnProperty.call(message, "verificationTag")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.VerificationTag.verify(message.verificationTag, _depth + 1);
                        if (error)
                            return "verificationTag." + error;
                    }
                }
                if (message.privacyAmplificationSeed != null && $Object.hasOwnProperty.call(message, "privacyAmplificationSeed")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.PrivacyAmplificationSeed.verify(message.privacyAmplificationSeed, _depth + 1);
                        if (error)
                            return "privacyAmplificationSeed." + error;
                    }
                }
                if (message.blockStored != null && $Object.hasOwnProperty.call(message, "blockStored")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.BlockStored.verify(message.blockStored, _depth + 1);
                        if (error)
                            return "blockStored." + error;
                    }
                }
                if (message.keyReservationRequest != null && $Object.hasOwnProperty.call(message, "keyReservationRequest")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.KeyReservationRequest.verify(message.keyReservationRequest, _depth + 1);
                        if (error)
                            return "keyReservationRequest." + error;
                    }
                }
                if (message.keyReservationAck != null && $Object.hasOwnProperty.call(message, "keyReservationAck")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.KeyReservationAck.verify(message.keyReservationAck, _depth + 1);
                        if (error)
                            return "keyReservationAck." + error;
                    }
                }
                if (message.abort != null && $Object.hasOwnProperty.call(message, "abort")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.Abort.verify(message.abort, _depth + 1);
                        if (error)
                            return "abort." + error;
                    }
                }
                if (message.alarm != null && $Object.hasOwnProperty.call(message, "alarm")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.Alarm.verify(message.alarm, _depth + 1);
                        if (error)
                            return "alarm." + error;
                    }
                }
                if (message.storeSync != null && $Object.hasOwnProperty.call(message, "storeSync")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.StoreSync.verify(message.storeSync, _depth + 1);
                        if (error)
                            return "storeSync." + error;
                    }
                }
                if (message.blockClose != null && $Object.hasOwnProperty.call(message, "blockClose")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.BlockClose.verify(message.blockClose, _depth + 1);
                        if (error)
                            return "blockClose." + error;
                    }
                }
                if (message.relay != null && $Object.hasOwnProperty.call(message, "relay")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.peer.RelayBytes.verify(message.relay, _depth + 1);
                        if (error)
                            return "relay." + error;
                    }
                }
                return null;
            };

            /**
             * Creates an Envelope message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.peer.Envelope
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.peer.Envelope} Envelope
             */
            Envelope.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.peer.Envelope)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.peer.Envelope: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.peer.Envelope();
                if (object.frameId != null)
                    if (typeof object.frameId === "object" ? object.frameId.low || object.frameId.high : $Number(object.frameId) !== 0)
                        if ($util.Long)
                            message.frameId = $util.Long.fromValue(object.frameId, true);
                        else if (typeof object.frameId === "string")
                            message.frameId = $parseInt(object.frameId, 10);
                        else if (typeof object.frameId === "number")
                            message.frameId = object.frameId;
                        else if (typeof object.frameId === "object")
                            message.frameId = new $util.LongBits(object.frameId.low >>> 0, object.frameId.high >>> 0).toNumber(true);
                if (object.blockId != null)
                    if (typeof object.blockId === "object" ? object.blockId.low || object.blockId.high : $Number(object.blockId) !== 0)
                        if ($util.Long)
                            message.blockId = $util.Long.fromValue(object.blockId, true);
                        else if (typeof object.blockId === "string")
                            message.blockId = $parseInt(object.blockId, 10);
                        else if (typeof object.blockId === "number")
                            message.blockId = object.blockId;
                        else if (typeof object.blockId === "object")
                            message.blockId = new $util.LongBits(object.blockId.low >>> 0, object.blockId.high >>> 0).toNumber(true);
                if (object.hello != null) {
                    if (!$util.isObject(object.hello))
                        throw $TypeError(".qkdd.peer.Envelope.hello: object expected");
                    message.hello = $root.qkdd.peer.Hello.fromObject(object.hello, _depth + 1);
                }
                if (object.siftDetections != null) {
                    if (!$util.isObject(object.siftDetections))
                        throw $TypeError(".qkdd.peer.Envelope.siftDetections: object expected");
                    message.siftDetections = $root.qkdd.peer.SiftDetections.fromObject(object.siftDetections, _depth + 1);
                }
                if (object.siftMatch != null) {
                    if (!$util.isObject(object.siftMatch))
                        throw $TypeError(".qkdd.peer.Envelope.siftMatch: object expected");
                    message.siftMatch = $root.qkdd.peer.SiftMatch.fromObject(object.siftMatch, _depth + 1);
                }
                if (object.intensityClasses != null) {
                    if (!$util.isObject(object.intensityClasses))
                        throw $TypeError(".qkdd.peer.Envelope.intensityClasses: object expected");
                    message.intensityClasses = $root.qkdd.peer.IntensityClasses.fromObject(object.intensityClasses, _depth + 1);
                }
                if (object.estimationDisclosure != null) {
                    if (!$util.isObject(object.estimationDisclosure))
                        throw $TypeError(".qkdd.peer.Envelope.estimationDisclosure: object expected");
                    message.estimationDisclosure = $root.qkdd.peer.EstimationDisclosure.fromObject(object.estimationDisclosure, _depth + 1);
                }
                if (object.cascadeRequest != null) {
                    if (!$util.isObject(object.cascadeRequest))
                        throw $TypeError(".qkdd.peer.Envelope.cascadeRequest: object expected");
                    message.cascadeRequest = $root.qkdd.peer.CascadeRequest.fromObject(object.cascadeRequest, _depth + 1);
                }
                if (object.cascadeReply != null) {
                    if (!$util.isObject(object.cascadeReply))
                        throw $TypeError(".qkdd.peer.Envelope.cascadeReply: object expected");
                    message.cascadeReply = $root.qkdd.peer.CascadeReply.fromObject(object.cascadeReply, _depth + 1);
                }
                if (object.verificationSeed != null) {
                    if (!$util.isObject(object.verificationSeed))
                        throw $TypeError(".qkdd.peer.Envelope.verificationSeed: object expected");
                    message.verificationSeed = $root.qkdd.peer.VerificationSeed.fromObject(object.verificationSeed, _depth + 1);
                }
                if (object.verificationTag != null) {
                    if (!$util.isObject(object.verificationTag))
                        throw $TypeError(".qkdd.peer.Envelope.verificationTag: object expected");
                    message.verificationTag = $root.qkdd.peer.VerificationTag.fromObject(object.verificationTag, _depth + 1);
                }
                if (object.privacyAmplificationSeed != null) {
                    if (!$util.isObject(object.privacyAmplificationSeed))
                        throw $TypeError(".qkdd.peer.Envelope.privacyAmplificationSeed: object expected");
                    message.privacyAmplificationSeed = $root.qkdd.peer.PrivacyAmplificationSeed.fromObject(object.privacyAmplificationSeed, _depth + 1);
                }
                if (object.blockStored != null) {
                    if (!$util.isObject(object.blockStored))
                        throw $TypeError(".qkdd.peer.Envelope.blockStored: object expected");
                    message.blockStored = $root.qkdd.peer.BlockStored.fromObject(object.blockStored, _depth + 1);
                }
                if (object.keyReservationRequest != null) {
                    if (!$util.isObject(object.keyReservationRequest))
                        throw $TypeError(".qkdd.peer.Envelope.keyReservationRequest: object expected");
                    message.keyReservationRequest = $root.qkdd.peer.KeyReservationRequest.fromObject(object.keyReservationRequest, _depth + 1);
                }
                if (object.keyReservationAck != null) {
                    if (!$util.isObject(object.keyReservationAck))
                        throw $TypeError(".qkdd.peer.Envelope.keyReservationAck: object expected");
                    message.keyReservationAck = $root.qkdd.peer.KeyReservationAck.fromObject(object.keyReservationAck, _depth + 1);
                }
                if (object.abort != null) {
                    if (!$util.isObject(object.abort))
                        throw $TypeError(".qkdd.peer.Envelope.abort: object expected");
                    message.abort = $root.qkdd.peer.Abort.fromObject(object.abort, _depth + 1);
                }
                if (object.alarm != null) {
                    if (!$util.isObject(object.alarm))
                        throw $TypeError(".qkdd.peer.Envelope.alarm: object expected");
                    message.alarm = $root.qkdd.peer.Alarm.fromObject(object.alarm, _depth + 1);
                }
                if (object.storeSync != null) {
                    if (!$util.isObject(object.storeSync))
                        throw $TypeError(".qkdd.peer.Envelope.storeSync: object expected");
                    message.storeSync = $root.qkdd.peer.StoreSync.fromObject(object.storeSync, _depth + 1);
                }
                if (object.blockClose != null) {
                    if (!$util.isObject(object.blockClose))
                        throw $TypeError(".qkdd.peer.Envelope.blockClose: object expected");
                    message.blockClose = $root.qkdd.peer.BlockClose.fromObject(object.blockClose, _depth + 1);
                }
                if (object.relay != null) {
                    if (!$util.isObject(object.relay))
                        throw $TypeError(".qkdd.peer.Envelope.relay: object expected");
                    message.relay = $root.qkdd.peer.RelayBytes.fromObject(object.relay, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from an Envelope message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.peer.Envelope
             * @static
             * @param {qkdd.peer.Envelope} message Envelope
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Envelope.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.frameId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.frameId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    if ($util.Long) {
                        let long = new $util.Long(0, 0, true);
                        object.blockId = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.blockId = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                }
                if (message.frameId != null && $Object.hasOwnProperty.call(message, "frameId"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.frameId = typeof message.frameId === "number" ? $BigInt(message.frameId) : $util.Long.fromBits(message.frameId.low >>> 0, message.frameId.high >>> 0, true).toBigInt();
                    else if (typeof message.frameId === "number")
                        object.frameId = options.longs === $String ? $String(message.frameId) : message.frameId;
                    else
                        object.frameId = options.longs === $String ? $util.Long.prototype.toString.call(message.frameId) : options.longs === $Number ? new $util.LongBits(message.frameId.low >>> 0, message.frameId.high >>> 0).toNumber(true) : message.frameId;
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.blockId = typeof message.blockId === "number" ? $BigInt(message.blockId) : $util.Long.fromBits(message.blockId.low >>> 0, message.blockId.high >>> 0, true).toBigInt();
                    else if (typeof message.blockId === "number")
                        object.blockId = options.longs === $String ? $String(message.blockId) : message.blockId;
                    else
                        object.blockId = options.longs === $String ? $util.Long.prototype.toString.call(message.blockId) : options.longs === $Number ? new $util.LongBits(message.blockId.low >>> 0, message.blockId.high >>> 0).toNumber(true) : message.blockId;
                if (message.hello != null && $Object.hasOwnProperty.call(message, "hello")) {
                    object.hello = $root.qkdd.peer.Hello.toObject(message.hello, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "hello";
                }
                if (message.siftDetections != null && $Object.hasOwnProperty.call(message, "siftDetections")) {
                    object.siftDetections = $root.qkdd.peer.SiftDetections.toObject(message.siftDetections, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "siftDetections";
                }
                if (message.siftMatch != null && $Object.hasOwnProperty.call(message, "siftMatch")) {
                    object.siftMatch = $root.qkdd.peer.SiftMatch.toObject(message.siftMatch, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "siftMatch";
                }
                if (message.intensityClasses != null && $Object.hasOwnProperty.call(message, "intensityClasses")) {
                    object.intensityClasses = $root.qkdd.peer.IntensityClasses.toObject(message.intensityClasses, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "intensityClasses";
                }
                if (message.estimationDisclosure != null && $Object.hasOwnProperty.call(message, "estimationDisclosure")) {
                    object.estimationDisclosure = $root.qkdd.peer.EstimationDisclosure.toObject(message.estimationDisclosure, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "estimationDisclosure";
                }
                if (message.cascadeRequest != null && $Object.hasOwnProperty.call(message, "cascadeRequest")) {
                    object.cascadeRequest = $root.qkdd.peer.CascadeRequest.toObject(message.cascadeRequest, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "cascadeRequest";
                }
                if (message.cascadeReply != null && $Object.hasOwnProperty.call(message, "cascadeReply")) {
                    object.cascadeReply = $root.qkdd.peer.CascadeReply.toObject(message.cascadeReply, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "cascadeReply";
                }
                if (message.verificationSeed != null && $Object.hasOwnProperty.call(message, "verificationSeed")) {
                    object.verificationSeed = $root.qkdd.peer.VerificationSeed.toObject(message.verificationSeed, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "verificationSeed";
                }
                if (message.verificationTag != null && $Object.hasOwnProperty.call(message, "verificationTag")) {
                    object.verificationTag = $root.qkdd.peer.VerificationTag.toObject(message.verificationTag, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "verificationTag";
                }
                if (message.privacyAmplificationSeed != null && $Object.hasOwnProperty.call(message, "privacyAmplificationSeed")) {
                    object.privacyAmplificationSeed = $root.qkdd.peer.PrivacyAmplificationSeed.toObject(message.privacyAmplificationSeed, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "privacyAmplificationSeed";
                }
                if (message.blockStored != null && $Object.hasOwnProperty.call(message, "blockStored")) {
                    object.blockStored = $root.qkdd.peer.BlockStored.toObject(message.blockStored, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "blockStored";
                }
                if (message.keyReservationRequest != null && $Object.hasOwnProperty.call(message, "keyReservationRequest")) {
                    object.keyReservationRequest = $root.qkdd.peer.KeyReservationRequest.toObject(message.keyReservationRequest, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "keyReservationRequest";
                }
                if (message.keyReservationAck != null && $Object.hasOwnProperty.call(message, "keyReservationAck")) {
                    object.keyReservationAck = $root.qkdd.peer.KeyReservationAck.toObject(message.keyReservationAck, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "keyReservationAck";
                }
                if (message.abort != null && $Object.hasOwnProperty.call(message, "abort")) {
                    object.abort = $root.qkdd.peer.Abort.toObject(message.abort, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "abort";
                }
                if (message.alarm != null && $Object.hasOwnProperty.call(message, "alarm")) {
                    object.alarm = $root.qkdd.peer.Alarm.toObject(message.alarm, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "alarm";
                }
                if (message.storeSync != null && $Object.hasOwnProperty.call(message, "storeSync")) {
                    object.storeSync = $root.qkdd.peer.StoreSync.toObject(message.storeSync, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "storeSync";
                }
                if (message.blockClose != null && $Object.hasOwnProperty.call(message, "blockClose")) {
                    object.blockClose = $root.qkdd.peer.BlockClose.toObject(message.blockClose, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "blockClose";
                }
                if (message.relay != null && $Object.hasOwnProperty.call(message, "relay")) {
                    object.relay = $root.qkdd.peer.RelayBytes.toObject(message.relay, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "relay";
                }
                return object;
            };

            /**
             * Converts this Envelope to JSON.
             * @function toJSON
             * @memberof qkdd.peer.Envelope
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Envelope.prototype.toJSON = function() {
                return Envelope.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Envelope
             * @function getTypeUrl
             * @memberof qkdd.peer.Envelope
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Envelope.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.peer.Envelope";
            };

            return Envelope;
        })();

        return peer;
    })();

    return qkdd;
})();

export {
  $root as default
};
