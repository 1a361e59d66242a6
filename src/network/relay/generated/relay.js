/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Number = $util.global.Number, $parseInt = $util.global.parseInt, $BigInt = $util.global.BigInt, $Array = $util.global.Array, $Boolean = $util.global.Boolean;

// Exported root namespace
const $root = $protobuf.roots["relay"] || ($protobuf.roots["relay"] = {});

export const qkdd = $root.qkdd = (() => {

    /**
     * Namespace qkdd.
     * @exports qkdd
     * @namespace
     */
    const qkdd = {};

    qkdd.relay = (function() {

        /**
         * Namespace relay.
         * @memberof qkdd
         * @namespace
         */
        const relay = {};

        relay.Segment = (function() {

            /**
             * Properties of a Segment.
             * @typedef {Object} qkdd.relay.Segment.$Properties
             * @property {string|null} [blockId] Segment blockId
             * @property {number|null} [bitOffset] Segment bitOffset
             * @property {number|null} [bitLength] Segment bitLength
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Segment.
             * @memberof qkdd.relay
             * @interface ISegment
             * @augments qkdd.relay.Segment.$Properties
             * @deprecated Use qkdd.relay.Segment.$Properties instead.
             */

            /**
             * Shape of a Segment.
             * @typedef {qkdd.relay.Segment.$Properties} qkdd.relay.Segment.$Shape
             */

            /**
             * Constructs a new Segment.
             * @memberof qkdd.relay
             * @classdesc Represents a Segment.
             * @constructor
             * @param {qkdd.relay.Segment.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Segment = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Segment blockId.
             * @member {string} blockId
             * @memberof qkdd.relay.Segment
             * @instance
             */
            Segment.prototype.blockId = "";

            /**
             * Segment bitOffset.
             * @member {number} bitOffset
             * @memberof qkdd.relay.Segment
             * @instance
             */
            Segment.prototype.bitOffset = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Segment bitLength.
             * @member {number} bitLength
             * @memberof qkdd.relay.Segment
             * @instance
             */
            Segment.prototype.bitLength = 0;

            /**
             * Creates a new Segment instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.Segment
             * @static
             * @param {qkdd.relay.Segment.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.Segment} Segment instance
             * @type {{
             *   (properties: qkdd.relay.Segment.$Shape): qkdd.relay.Segment & qkdd.relay.Segment.$Shape;
             *   (properties?: qkdd.relay.Segment.$Properties): qkdd.relay.Segment;
             * }}
             */
            Segment.create = function(properties) {
                return new Segment(properties);
            };

            /**
             * Encodes the specified Segment message. Does not implicitly {@link qkdd.relay.Segment.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.Segment
             * @static
             * @param {qkdd.relay.Segment.$Properties} message Segment message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Segment.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId") && message.blockId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.blockId);
                if (message.bitOffset != null && $Object.hasOwnProperty.call(message, "bitOffset") && (typeof message.bitOffset === "object" ? message.bitOffset.low || message.bitOffset.high : message.bitOffset !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.bitOffset);
                if (message.bitLength != null && $Object.hasOwnProperty.call(message, "bitLength") && message.bitLength !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.bitLength);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Segment message, length delimited. Does not implicitly {@link qkdd.relay.Segment.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.Segment
             * @static
             * @param {qkdd.relay.Segment.$Properties} message Segment message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Segment.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Segment message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.Segment
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.Segment & qkdd.relay.Segment.$Shape} Segment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Segment.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.qkdd.relay.Segment();
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
                                message.bitOffset = value;
                            else
                                delete message.bitOffset;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.bitLength = value;
                            else
                                delete message.bitLength;
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
             * Decodes a Segment message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.Segment
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.Segment & qkdd.relay.Segment.$Shape} Segment
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Segment.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Segment message.
             * @function verify
             * @memberof qkdd.relay.Segment
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Segment.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId"))
                    if (!$util.isString(message.blockId))
                        return "blockId: string expected";
                if (message.bitOffset != null && $Object.hasOwnProperty.call(message, "bitOffset"))
                    if (!$util.isInteger(message.bitOffset) && !(message.bitOffset && $util.isInteger(message.bitOffset.low) && $util.isInteger(message.bitOffset.high)))
                        return "bitOffset: integer|Long expected";
                if (message.bitLength != null && $Object.hasOwnProperty.call(message, "bitLength"))
                    if (!$util.isInteger(message.bitLength))
                        return "bitLength: integer expected";
                return null;
            };

            /**
             * Creates a Segment message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.Segment
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.Segment} Segment
             */
            Segment.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.Segment)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.Segment: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.relay.Segment();
                if (object.blockId != null)
                    if (typeof object.blockId !== "string" || object.blockId.length)
                        message.blockId = $String(object.blockId);
                if (object.bitOffset != null)
                    if (typeof object.bitOffset === "object" ? object.bitOffset.low || object.bitOffset.high : $Number(object.bitOffset) !== 0)
                        if ($util.Long)
                            message.bitOffset = $util.Long.fromValue(object.bitOffset, true);
                        else if (typeof object.bitOffset === "string")
                            message.bitOffset = $parseInt(object.bitOffset, 10);
                        else if (typeof object.bitOffset === "number")
                            message.bitOffset = object.bitOffset;
                        else if (typeof object.bitOffset === "object")
                            message.bitOffset = new $util.LongBits(object.bitOffset.low >>> 0, object.bitOffset.high >>> 0).toNumber(true);
                if (object.bitLength != null)
                    if ($Number(object.bitLength) !== 0)
                        message.bitLength = object.bitLength >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a Segment message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.Segment
             * @static
             * @param {qkdd.relay.Segment} message Segment
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Segment.toObject = function (message, options, _depth) {
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
                        object.bitOffset = options.longs === $String ? long.toString() : options.longs === $Number ? long.toNumber() : typeof $BigInt !== "undefined" && options.longs === $BigInt ? long.toBigInt() : long;
                    } else
                        object.bitOffset = options.longs === $String ? "0" : typeof $BigInt !== "undefined" && options.longs === $BigInt ? $BigInt("0") : 0;
                    object.bitLength = 0;
                }
                if (message.blockId != null && $Object.hasOwnProperty.call(message, "blockId"))
                    object.blockId = message.blockId;
                if (message.bitOffset != null && $Object.hasOwnProperty.call(message, "bitOffset"))
                    if (typeof $BigInt !== "undefined" && options.longs === $BigInt)
                        object.bitOffset = typeof message.bitOffset === "number" ? $BigInt(message.bitOffset) : $util.Long.fromBits(message.bitOffset.low >>> 0, message.bitOffset.high >>> 0, true).toBigInt();
                    else if (typeof message.bitOffset === "number")
                        object.bitOffset = options.longs === $String ? $String(message.bitOffset) : message.bitOffset;
                    else
                        object.bitOffset = options.longs === $String ? $util.Long.prototype.toString.call(message.bitOffset) : options.longs === $Number ? new $util.LongBits(message.bitOffset.low >>> 0, message.bitOffset.high >>> 0).toNumber(true) : message.bitOffset;
                if (message.bitLength != null && $Object.hasOwnProperty.call(message, "bitLength"))
                    object.bitLength = message.bitLength;
                return object;
            };

            /**
             * Converts this Segment to JSON.
             * @function toJSON
             * @memberof qkdd.relay.Segment
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Segment.prototype.toJSON = function() {
                return Segment.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Segment
             * @function getTypeUrl
             * @memberof qkdd.relay.Segment
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Segment.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.Segment";
            };

            return Segment;
        })();

        relay.HopKeyCut = (function() {

            /**
             * Properties of a HopKeyCut.
             * @typedef {Object} qkdd.relay.HopKeyCut.$Properties
             * @property {string|null} [hopKeyId] HopKeyCut hopKeyId
             * @property {number|null} [bits] HopKeyCut bits
             * @property {Array.<qkdd.relay.Segment.$Properties>|null} [segments] HopKeyCut segments
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a HopKeyCut.
             * @memberof qkdd.relay
             * @interface IHopKeyCut
             * @augments qkdd.relay.HopKeyCut.$Properties
             * @deprecated Use qkdd.relay.HopKeyCut.$Properties instead.
             */

            /**
             * Shape of a HopKeyCut.
             * @typedef {qkdd.relay.HopKeyCut.$Properties} qkdd.relay.HopKeyCut.$Shape
             */

            /**
             * Constructs a new HopKeyCut.
             * @memberof qkdd.relay
             * @classdesc Represents a HopKeyCut.
             * @constructor
             * @param {qkdd.relay.HopKeyCut.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const HopKeyCut = function (properties) {
                this.segments = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * HopKeyCut hopKeyId.
             * @member {string} hopKeyId
             * @memberof qkdd.relay.HopKeyCut
             * @instance
             */
            HopKeyCut.prototype.hopKeyId = "";

            /**
             * HopKeyCut bits.
             * @member {number} bits
             * @memberof qkdd.relay.HopKeyCut
             * @instance
             */
            HopKeyCut.prototype.bits = 0;

            /**
             * HopKeyCut segments.
             * @member {Array.<qkdd.relay.Segment.$Properties>} segments
             * @memberof qkdd.relay.HopKeyCut
             * @instance
             */
            HopKeyCut.prototype.segments = $util.emptyArray;

            /**
             * Creates a new HopKeyCut instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.HopKeyCut
             * @static
             * @param {qkdd.relay.HopKeyCut.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.HopKeyCut} HopKeyCut instance
             * @type {{
             *   (properties: qkdd.relay.HopKeyCut.$Shape): qkdd.relay.HopKeyCut & qkdd.relay.HopKeyCut.$Shape;
             *   (properties?: qkdd.relay.HopKeyCut.$Properties): qkdd.relay.HopKeyCut;
             * }}
             */
            HopKeyCut.create = function(properties) {
                return new HopKeyCut(properties);
            };

            /**
             * Encodes the specified HopKeyCut message. Does not implicitly {@link qkdd.relay.HopKeyCut.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.HopKeyCut
             * @static
             * @param {qkdd.relay.HopKeyCut.$Properties} message HopKeyCut message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            HopKeyCut.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.hopKeyId != null && $Object.hasOwnProperty.call(message, "hopKeyId") && message.hopKeyId !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.hopKeyId);
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits") && message.bits !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.bits);
                if (message.segments != null && message.segments.length)
                    for (let i = 0; i < message.segments.length; ++i)
                        $root.qkdd.relay.Segment.encode(message.segments[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified HopKeyCut message, length delimited. Does not implicitly {@link qkdd.relay.HopKeyCut.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.HopKeyCut
             * @static
             * @param {qkdd.relay.HopKeyCut.$Properties} message HopKeyCut message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            HopKeyCut.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a HopKeyCut message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.HopKeyCut
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.HopKeyCut & qkdd.relay.HopKeyCut.$Shape} HopKeyCut
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            HopKeyCut.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.qkdd.relay.HopKeyCut();
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
                                message.hopKeyId = value;
                            else
                                delete message.hopKeyId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.bits = value;
                            else
                                delete message.bits;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.segments && message.segments.length))
                                message.segments = [];
                            message.segments.push($root.qkdd.relay.Segment.decode(reader, reader.size(), $undefined, _depth + 1));
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
             * Decodes a HopKeyCut message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.HopKeyCut
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.HopKeyCut & qkdd.relay.HopKeyCut.$Shape} HopKeyCut
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            HopKeyCut.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a HopKeyCut message.
             * @function verify
             * @memberof qkdd.relay.HopKeyCut
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            HopKeyCut.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.hopKeyId != null && $Object.hasOwnProperty.call(message, "hopKeyId"))
                    if (!$util.isString(message.hopKeyId))
                        return "hopKeyId: string expected";
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits"))
                    if (!$util.isInteger(message.bits))
                        return "bits: integer expected";
                if (message.segments != null && $Object.hasOwnProperty.call(message, "segments")) {
                    if (!$Array.isArray(message.segments))
                        return "segments: array expected";
                    for (let i = 0; i < message.segments.length; ++i) {
                        let error = $root.qkdd.relay.Segment.verify(message.segments[i], _depth + 1);
                        if (error)
                            return "segments." + error;
                    }
                }
                return null;
            };

            /**
             * Creates a HopKeyCut message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.HopKeyCut
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.HopKeyCut} HopKeyCut
             */
            HopKeyCut.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.HopKeyCut)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.HopKeyCut: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.relay.HopKeyCut();
                if (object.hopKeyId != null)
                    if (typeof object.hopKeyId !== "string" || object.hopKeyId.length)
                        message.hopKeyId = $String(object.hopKeyId);
                if (object.bits != null)
                    if ($Number(object.bits) !== 0)
                        message.bits = object.bits >>> 0;
                if (object.segments) {
                    if (!$Array.isArray(object.segments))
                        throw $TypeError(".qkdd.relay.HopKeyCut.segments: array expected");
                    message.segments = $Array(object.segments.length);
                    for (let i = 0; i < object.segments.length; ++i) {
                        if (!$util.isObject(object.segments[i]))
                            throw $TypeError(".qkdd.relay.HopKeyCut.segments: object expected");
                        message.segments[i] = $root.qkdd.relay.Segment.fromObject(object.segments[i], _depth + 1);
                    }
                }
                return message;
            };

            /**
             * Creates a plain object from a HopKeyCut message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.HopKeyCut
             * @static
             * @param {qkdd.relay.HopKeyCut} message HopKeyCut
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            HopKeyCut.toObject = function (message, options, _depth) {
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
                    object.hopKeyId = "";
                    object.bits = 0;
                }
                if (message.hopKeyId != null && $Object.hasOwnProperty.call(message, "hopKeyId"))
                    object.hopKeyId = message.hopKeyId;
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits"))
                    object.bits = message.bits;
                if (message.segments && message.segments.length) {
                    object.segments = $Array(message.segments.length);
                    for (let j = 0; j < message.segments.length; ++j)
                        object.segments[j] = $root.qkdd.relay.Segment.toObject(message.segments[j], options, _depth + 1);
                }
                return object;
            };

            /**
             * Converts this HopKeyCut to JSON.
             * @function toJSON
             * @memberof qkdd.relay.HopKeyCut
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            HopKeyCut.prototype.toJSON = function() {
                return HopKeyCut.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for HopKeyCut
             * @function getTypeUrl
             * @memberof qkdd.relay.HopKeyCut
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            HopKeyCut.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.HopKeyCut";
            };

            return HopKeyCut;
        })();

        relay.ForwardHeader = (function() {

            /**
             * Properties of a ForwardHeader.
             * @typedef {Object} qkdd.relay.ForwardHeader.$Properties
             * @property {number|null} [version] ForwardHeader version
             * @property {string|null} [relayId] ForwardHeader relayId
             * @property {Array.<string>|null} [nodes] ForwardHeader nodes
             * @property {Array.<string>|null} [links] ForwardHeader links
             * @property {number|null} [hop] ForwardHeader hop
             * @property {number|null} [sizeBits] ForwardHeader sizeBits
             * @property {string|null} [masterSae] ForwardHeader masterSae
             * @property {string|null} [slaveSae] ForwardHeader slaveSae
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ForwardHeader.
             * @memberof qkdd.relay
             * @interface IForwardHeader
             * @augments qkdd.relay.ForwardHeader.$Properties
             * @deprecated Use qkdd.relay.ForwardHeader.$Properties instead.
             */

            /**
             * Shape of a ForwardHeader.
             * @typedef {qkdd.relay.ForwardHeader.$Properties} qkdd.relay.ForwardHeader.$Shape
             */

            /**
             * Constructs a new ForwardHeader.
             * @memberof qkdd.relay
             * @classdesc Represents a ForwardHeader.
             * @constructor
             * @param {qkdd.relay.ForwardHeader.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ForwardHeader = function (properties) {
                this.nodes = [];
                this.links = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ForwardHeader version.
             * @member {number} version
             * @memberof qkdd.relay.ForwardHeader
             * @instance
             */
            ForwardHeader.prototype.version = 0;

            /**
             * ForwardHeader relayId.
             * @member {string} relayId
             * @memberof qkdd.relay.ForwardHeader
             * @instance
             */
            ForwardHeader.prototype.relayId = "";

            /**
             * ForwardHeader nodes.
             * @member {Array.<string>} nodes
             * @memberof qkdd.relay.ForwardHeader
             * @instance
             */
            ForwardHeader.prototype.nodes = $util.emptyArray;

            /**
             * ForwardHeader links.
             * @member {Array.<string>} links
             * @memberof qkdd.relay.ForwardHeader
             * @instance
             */
            ForwardHeader.prototype.links = $util.emptyArray;

            /**
             * ForwardHeader hop.
             * @member {number} hop
             * @memberof qkdd.relay.ForwardHeader
             * @instance
             */
            ForwardHeader.prototype.hop = 0;

            /**
             * ForwardHeader sizeBits.
             * @member {number} sizeBits
             * @memberof qkdd.relay.ForwardHeader
             * @instance
             */
            ForwardHeader.prototype.sizeBits = 0;

            /**
             * ForwardHeader masterSae.
             * @member {string} masterSae
             * @memberof qkdd.relay.ForwardHeader
             * @instance
             */
            ForwardHeader.prototype.masterSae = "";

            /**
             * ForwardHeader slaveSae.
             * @member {string} slaveSae
             * @memberof qkdd.relay.ForwardHeader
             * @instance
             */
            ForwardHeader.prototype.slaveSae = "";

            /**
             * Creates a new ForwardHeader instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.ForwardHeader
             * @static
             * @param {qkdd.relay.ForwardHeader.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.ForwardHeader} ForwardHeader instance
             * @type {{
             *   (properties: qkdd.relay.ForwardHeader.$Shape): qkdd.relay.ForwardHeader & qkdd.relay.ForwardHeader.$Shape;
             *   (properties?: qkdd.relay.ForwardHeader.$Properties): qkdd.relay.ForwardHeader;
             * }}
             */
            ForwardHeader.create = function(properties) {
                return new ForwardHeader(properties);
            };

            /**
             * Encodes the specified ForwardHeader message. Does not implicitly {@link qkdd.relay.ForwardHeader.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.ForwardHeader
             * @static
             * @param {qkdd.relay.ForwardHeader.$Properties} message ForwardHeader message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ForwardHeader.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.relayId != null && $Object.hasOwnProperty.call(message, "relayId") && message.relayId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.relayId);
                if (message.nodes != null && message.nodes.length)
                    for (let i = 0; i < message.nodes.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).string(message.nodes[i]);
                if (message.links != null && message.links.length)
                    for (let i = 0; i < message.links.length; ++i)
                        writer.uint32(/* id 4, wireType 2 =*/34).string(message.links[i]);
                if (message.hop != null && $Object.hasOwnProperty.call(message, "hop") && message.hop !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.hop);
                if (message.sizeBits != null && $Object.hasOwnProperty.call(message, "sizeBits") && message.sizeBits !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.sizeBits);
                if (message.masterSae != null && $Object.hasOwnProperty.call(message, "masterSae") && message.masterSae !== "")
                    writer.uint32(/* id 7, wireType 2 =*/58).string(message.masterSae);
                if (message.slaveSae != null && $Object.hasOwnProperty.call(message, "slaveSae") && message.slaveSae !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.slaveSae);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified ForwardHeader message, length delimited. Does not implicitly {@link qkdd.relay.ForwardHeader.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.ForwardHeader
             * @static
             * @param {qkdd.relay.ForwardHeader.$Properties} message ForwardHeader message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ForwardHeader.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a ForwardHeader message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.ForwardHeader
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.ForwardHeader & qkdd.relay.ForwardHeader.$Shape} ForwardHeader
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ForwardHeader.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.qkdd.relay.ForwardHeader();
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
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.relayId = value;
                            else
                                delete message.relayId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.nodes && message.nodes.length))
                                message.nodes = [];
                            message.nodes.push(reader.stringVerify());
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.links && message.links.length))
                                message.links = [];
                            message.links.push(reader.stringVerify());
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.hop = value;
                            else
                                delete message.hop;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.sizeBits = value;
                            else
                                delete message.sizeBits;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.masterSae = value;
                            else
                                delete message.masterSae;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.slaveSae = value;
                            else
                                delete message.slaveSae;
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
             * Decodes a ForwardHeader message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.ForwardHeader
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.ForwardHeader & qkdd.relay.ForwardHeader.$Shape} ForwardHeader
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ForwardHeader.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a ForwardHeader message.
             * @function verify
             * @memberof qkdd.relay.ForwardHeader
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            ForwardHeader.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    if (!$util.isInteger(message.version))
                        return "version: integer expected";
                if (message.relayId != null && $Object.hasOwnProperty.call(message, "relayId"))
                    if (!$util.isString(message.relayId))
                        return "relayId: string expected";
                if (message.nodes != null && $Object.hasOwnProperty.call(message, "nodes")) {
                    if (!$Array.isArray(message.nodes))
                        return "nodes: array expected";
                    for (let i = 0; i < message.nodes.length; ++i)
                        if (!$util.isString(message.nodes[i]))
                            return "nodes: string[] expected";
                }
                if (message.links != null && $Object.hasOwnProperty.call(message, "links")) {
                    if (!$Array.isArray(message.links))
                        return "links: array expected";
                    for (let i = 0; i < message.links.length; ++i)
                        if (!$util.isString(message.links[i]))
                            return "links: string[] expected";
                }
                if (message.hop != null && $Object.hasOwnProperty.call(message, "hop"))
                    if (!$util.isInteger(message.hop))
                        return "hop: integer expected";
                if (message.sizeBits != null && $Object.hasOwnProperty.call(message, "sizeBits"))
                    if (!$util.isInteger(message.sizeBits))
                        return "sizeBits: integer expected";
                if (message.masterSae != null && $Object.hasOwnProperty.call(message, "masterSae"))
                    if (!$util.isString(message.masterSae))
                        return "masterSae: string expected";
                if (message.slaveSae != null && $Object.hasOwnProperty.call(message, "slaveSae"))
                    if (!$util.isString(message.slaveSae))
                        return "slaveSae: string expected";
                return null;
            };

            /**
             * Creates a ForwardHeader message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.ForwardHeader
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.ForwardHeader} ForwardHeader
             */
            ForwardHeader.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.ForwardHeader)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.ForwardHeader: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.relay.ForwardHeader();
                if (object.version != null)
                    if ($Number(object.version) !== 0)
                        message.version = object.version >>> 0;
                if (object.relayId != null)
                    if (typeof object.relayId !== "string" || object.relayId.length)
                        message.relayId = $String(object.relayId);
                if (object.nodes) {
                    if (!$Array.isArray(object.nodes))
                        throw $TypeError(".qkdd.relay.ForwardHeader.nodes: array expected");
                    message.nodes = $Array(object.nodes.length);
                    for (let i = 0; i < object.nodes.length; ++i)
                        message.nodes[i] = $String(object.nodes[i]);
                }
                if (object.links) {
                    if (!$Array.isArray(object.links))
                        throw $TypeError(".qkdd.relay.ForwardHeader.links: array expected");
                    message.links = $Array(object.links.length);
                    for (let i = 0; i < object.links.length; ++i)
                        message.links[i] = $String(object.links[i]);
                }
                if (object.hop != null)
                    if ($Number(object.hop) !== 0)
                        message.hop = object.hop >>> 0;
                if (object.sizeBits != null)
                    if ($Number(object.sizeBits) !== 0)
                        message.sizeBits = object.sizeBits >>> 0;
                if (object.masterSae != null)
                    if (typeof object.masterSae !== "string" || object.masterSae.length)
                        message.masterSae = $String(object.masterSae);
                if (object.slaveSae != null)
                    if (typeof object.slaveSae !== "string" || object.slaveSae.length)
                        message.slaveSae = $String(object.slaveSae);
                return message;
            };

            /**
             * Creates a plain object from a ForwardHeader message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.ForwardHeader
             * @static
             * @param {qkdd.relay.ForwardHeader} message ForwardHeader
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            ForwardHeader.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.arrays || options.defaults) {
                    object.nodes = [];
                    object.links = [];
                }
                if (options.defaults) {
                    object.version = 0;
                    object.relayId = "";
                    object.hop = 0;
                    object.sizeBits = 0;
                    object.masterSae = "";
                    object.slaveSae = "";
                }
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    object.version = message.version;
                if (message.relayId != null && $Object.hasOwnProperty.call(message, "relayId"))
                    object.relayId = message.relayId;
                if (message.nodes && message.nodes.length) {
                    object.nodes = $Array(message.nodes.length);
                    for (let j = 0; j < message.nodes.length; ++j)
                        object.nodes[j] = message.nodes[j];
                }
                if (message.links && message.links.length) {
                    object.links = $Array(message.links.length);
                    for (let j = 0; j < message.links.length; ++j)
                        object.links[j] = message.links[j];
                }
                if (message.hop != null && $Object.hasOwnProperty.call(message, "hop"))
                    object.hop = message.hop;
                if (message.sizeBits != null && $Object.hasOwnProperty.call(message, "sizeBits"))
                    object.sizeBits = message.sizeBits;
                if (message.masterSae != null && $Object.hasOwnProperty.call(message, "masterSae"))
                    object.masterSae = message.masterSae;
                if (message.slaveSae != null && $Object.hasOwnProperty.call(message, "slaveSae"))
                    object.slaveSae = message.slaveSae;
                return object;
            };

            /**
             * Converts this ForwardHeader to JSON.
             * @function toJSON
             * @memberof qkdd.relay.ForwardHeader
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            ForwardHeader.prototype.toJSON = function() {
                return ForwardHeader.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for ForwardHeader
             * @function getTypeUrl
             * @memberof qkdd.relay.ForwardHeader
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ForwardHeader.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.ForwardHeader";
            };

            return ForwardHeader;
        })();

        relay.Forward = (function() {

            /**
             * Properties of a Forward.
             * @typedef {Object} qkdd.relay.Forward.$Properties
             * @property {Uint8Array|null} [header] Forward header
             * @property {qkdd.relay.HopKeyCut.$Properties|null} [cut] Forward cut
             * @property {Uint8Array|null} [ciphertext] Forward ciphertext
             * @property {Uint8Array|null} [tag] Forward tag
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Forward.
             * @memberof qkdd.relay
             * @interface IForward
             * @augments qkdd.relay.Forward.$Properties
             * @deprecated Use qkdd.relay.Forward.$Properties instead.
             */

            /**
             * Shape of a Forward.
             * @typedef {qkdd.relay.Forward.$Properties} qkdd.relay.Forward.$Shape
             */

            /**
             * Constructs a new Forward.
             * @memberof qkdd.relay
             * @classdesc Represents a Forward.
             * @constructor
             * @param {qkdd.relay.Forward.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Forward = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Forward header.
             * @member {Uint8Array} header
             * @memberof qkdd.relay.Forward
             * @instance
             */
            Forward.prototype.header = $util.newBuffer([]);

            /**
             * Forward cut.
             * @member {qkdd.relay.HopKeyCut.$Properties|null|undefined} cut
             * @memberof qkdd.relay.Forward
             * @instance
             */
            Forward.prototype.cut = null;

            /**
             * Forward ciphertext.
             * @member {Uint8Array} ciphertext
             * @memberof qkdd.relay.Forward
             * @instance
             */
            Forward.prototype.ciphertext = $util.newBuffer([]);

            /**
             * Forward tag.
             * @member {Uint8Array} tag
             * @memberof qkdd.relay.Forward
             * @instance
             */
            Forward.prototype.tag = $util.newBuffer([]);

            /**
             * Creates a new Forward instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.Forward
             * @static
             * @param {qkdd.relay.Forward.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.Forward} Forward instance
             * @type {{
             *   (properties: qkdd.relay.Forward.$Shape): qkdd.relay.Forward & qkdd.relay.Forward.$Shape;
             *   (properties?: qkdd.relay.Forward.$Properties): qkdd.relay.Forward;
             * }}
             */
            Forward.create = function(properties) {
                return new Forward(properties);
            };

            /**
             * Encodes the specified Forward message. Does not implicitly {@link qkdd.relay.Forward.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.Forward
             * @static
             * @param {qkdd.relay.Forward.$Properties} message Forward message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Forward.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.header != null && $Object.hasOwnProperty.call(message, "header") && message.header.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.header);
                if (message.cut != null && $Object.hasOwnProperty.call(message, "cut"))
                    $root.qkdd.relay.HopKeyCut.encode(message.cut, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.ciphertext != null && $Object.hasOwnProperty.call(message, "ciphertext") && message.ciphertext.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.ciphertext);
                if (message.tag != null && $Object.hasOwnProperty.call(message, "tag") && message.tag.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.tag);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Forward message, length delimited. Does not implicitly {@link qkdd.relay.Forward.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.Forward
             * @static
             * @param {qkdd.relay.Forward.$Properties} message Forward message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Forward.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Forward message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.Forward
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.Forward & qkdd.relay.Forward.$Shape} Forward
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Forward.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.qkdd.relay.Forward();
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
                                message.header = value;
                            else
                                delete message.header;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.cut = $root.qkdd.relay.HopKeyCut.decode(reader, reader.size(), $undefined, _depth + 1, message.cut);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.ciphertext = value;
                            else
                                delete message.ciphertext;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.tag = value;
                            else
                                delete message.tag;
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
             * Decodes a Forward message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.Forward
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.Forward & qkdd.relay.Forward.$Shape} Forward
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Forward.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Forward message.
             * @function verify
             * @memberof qkdd.relay.Forward
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Forward.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                    if (!(message.header && typeof message.header.length === "number" || $util.isString(message.header)))
                        return "header: buffer expected";
                if (message.cut != null && $Object.hasOwnProperty.call(message, "cut")) {
                    let error = $root.qkdd.relay.HopKeyCut.verify(message.cut, _depth + 1);
                    if (error)
                        return "cut." + error;
                }
                if (message.ciphertext != null && $Object.hasOwnProperty.call(message, "ciphertext"))
                    if (!(message.ciphertext && typeof message.ciphertext.length === "number" || $util.isString(message.ciphertext)))
                        return "ciphertext: buffer expected";
                if (message.tag != null && $Object.hasOwnProperty.call(message, "tag"))
                    if (!(message.tag && typeof message.tag.length === "number" || $util.isString(message.tag)))
                        return "tag: buffer expected";
                return null;
            };

            /**
             * Creates a Forward message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.Forward
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.Forward} Forward
             */
            Forward.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.Forward)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.Forward: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.relay.Forward();
                if (object.header != null)
                    if (object.header.length)
                        if (typeof object.header === "string")
                            $util.base64.decode(object.header, message.header = $util.newBuffer($util.base64.length(object.header)), 0);
                        else if (object.header.length >= 0)
                            message.header = object.header;
                if (object.cut != null) {
                    if (!$util.isObject(object.cut))
                        throw $TypeError(".qkdd.relay.Forward.cut: object expected");
                    message.cut = $root.qkdd.relay.HopKeyCut.fromObject(object.cut, _depth + 1);
                }
                if (object.ciphertext != null)
                    if (object.ciphertext.length)
                        if (typeof object.ciphertext === "string")
                            $util.base64.decode(object.ciphertext, message.ciphertext = $util.newBuffer($util.base64.length(object.ciphertext)), 0);
                        else if (object.ciphertext.length >= 0)
                            message.ciphertext = object.ciphertext;
                if (object.tag != null)
                    if (object.tag.length)
                        if (typeof object.tag === "string")
                            $util.base64.decode(object.tag, message.tag = $util.newBuffer($util.base64.length(object.tag)), 0);
                        else if (object.tag.length >= 0)
                            message.tag = object.tag;
                return message;
            };

            /**
             * Creates a plain object from a Forward message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.Forward
             * @static
             * @param {qkdd.relay.Forward} message Forward
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Forward.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    if (options.bytes === $String)
                        object.header = "";
                    else {
                        object.header = [];
                        if (options.bytes !== $Array)
                            object.header = $util.newBuffer(object.header);
                    }
                    object.cut = null;
                    if (options.bytes === $String)
                        object.ciphertext = "";
                    else {
                        object.ciphertext = [];
                        if (options.bytes !== $Array)
                            object.ciphertext = $util.newBuffer(object.ciphertext);
                    }
                    if (options.bytes === $String)
                        object.tag = "";
                    else {
                        object.tag = [];
                        if (options.bytes !== $Array)
                            object.tag = $util.newBuffer(object.tag);
                    }
                }
                if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                    object.header = options.bytes === $String ? $util.base64.encode(message.header, 0, message.header.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.header) : message.header;
                if (message.cut != null && $Object.hasOwnProperty.call(message, "cut"))
                    object.cut = $root.qkdd.relay.HopKeyCut.toObject(message.cut, options, _depth + 1);
                if (message.ciphertext != null && $Object.hasOwnProperty.call(message, "ciphertext"))
                    object.ciphertext = options.bytes === $String ? $util.base64.encode(message.ciphertext, 0, message.ciphertext.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.ciphertext) : message.ciphertext;
                if (message.tag != null && $Object.hasOwnProperty.call(message, "tag"))
                    object.tag = options.bytes === $String ? $util.base64.encode(message.tag, 0, message.tag.length) : options.bytes === $Array ? $Array.prototype.slice.call(message.tag) : message.tag;
                return object;
            };

            /**
             * Converts this Forward to JSON.
             * @function toJSON
             * @memberof qkdd.relay.Forward
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Forward.prototype.toJSON = function() {
                return Forward.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Forward
             * @function getTypeUrl
             * @memberof qkdd.relay.Forward
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Forward.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.Forward";
            };

            return Forward;
        })();

        relay.CutRequest = (function() {

            /**
             * Properties of a CutRequest.
             * @typedef {Object} qkdd.relay.CutRequest.$Properties
             * @property {number|null} [bits] CutRequest bits
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CutRequest.
             * @memberof qkdd.relay
             * @interface ICutRequest
             * @augments qkdd.relay.CutRequest.$Properties
             * @deprecated Use qkdd.relay.CutRequest.$Properties instead.
             */

            /**
             * Shape of a CutRequest.
             * @typedef {qkdd.relay.CutRequest.$Properties} qkdd.relay.CutRequest.$Shape
             */

            /**
             * Constructs a new CutRequest.
             * @memberof qkdd.relay
             * @classdesc Represents a CutRequest.
             * @constructor
             * @param {qkdd.relay.CutRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CutRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CutRequest bits.
             * @member {number} bits
             * @memberof qkdd.relay.CutRequest
             * @instance
             */
            CutRequest.prototype.bits = 0;

            /**
             * Creates a new CutRequest instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.CutRequest
             * @static
             * @param {qkdd.relay.CutRequest.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.CutRequest} CutRequest instance
             * @type {{
             *   (properties: qkdd.relay.CutRequest.$Shape): qkdd.relay.CutRequest & qkdd.relay.CutRequest.$Shape;
             *   (properties?: qkdd.relay.CutRequest.$Properties): qkdd.relay.CutRequest;
             * }}
             */
            CutRequest.create = function(properties) {
                return new CutRequest(properties);
            };

            /**
             * Encodes the specified CutRequest message. Does not implicitly {@link qkdd.relay.CutRequest.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.CutRequest
             * @static
             * @param {qkdd.relay.CutRequest.$Properties} message CutRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CutRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits") && message.bits !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.bits);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified CutRequest message, length delimited. Does not implicitly {@link qkdd.relay.CutRequest.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.CutRequest
             * @static
             * @param {qkdd.relay.CutRequest.$Properties} message CutRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CutRequest.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a CutRequest message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.CutRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.CutRequest & qkdd.relay.CutRequest.$Shape} CutRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CutRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.qkdd.relay.CutRequest();
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
             * Decodes a CutRequest message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.CutRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.CutRequest & qkdd.relay.CutRequest.$Shape} CutRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CutRequest.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a CutRequest message.
             * @function verify
             * @memberof qkdd.relay.CutRequest
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            CutRequest.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits"))
                    if (!$util.isInteger(message.bits))
                        return "bits: integer expected";
                return null;
            };

            /**
             * Creates a CutRequest message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.CutRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.CutRequest} CutRequest
             */
            CutRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.CutRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.CutRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.relay.CutRequest();
                if (object.bits != null)
                    if ($Number(object.bits) !== 0)
                        message.bits = object.bits >>> 0;
                return message;
            };

            /**
             * Creates a plain object from a CutRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.CutRequest
             * @static
             * @param {qkdd.relay.CutRequest} message CutRequest
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            CutRequest.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.bits = 0;
                if (message.bits != null && $Object.hasOwnProperty.call(message, "bits"))
                    object.bits = message.bits;
                return object;
            };

            /**
             * Converts this CutRequest to JSON.
             * @function toJSON
             * @memberof qkdd.relay.CutRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            CutRequest.prototype.toJSON = function() {
                return CutRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for CutRequest
             * @function getTypeUrl
             * @memberof qkdd.relay.CutRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CutRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.CutRequest";
            };

            return CutRequest;
        })();

        relay.CutGrant = (function() {

            /**
             * Properties of a CutGrant.
             * @typedef {Object} qkdd.relay.CutGrant.$Properties
             * @property {qkdd.relay.HopKeyCut.$Properties|null} [cut] CutGrant cut
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CutGrant.
             * @memberof qkdd.relay
             * @interface ICutGrant
             * @augments qkdd.relay.CutGrant.$Properties
             * @deprecated Use qkdd.relay.CutGrant.$Properties instead.
             */

            /**
             * Shape of a CutGrant.
             * @typedef {qkdd.relay.CutGrant.$Properties} qkdd.relay.CutGrant.$Shape
             */

            /**
             * Constructs a new CutGrant.
             * @memberof qkdd.relay
             * @classdesc Represents a CutGrant.
             * @constructor
             * @param {qkdd.relay.CutGrant.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CutGrant = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CutGrant cut.
             * @member {qkdd.relay.HopKeyCut.$Properties|null|undefined} cut
             * @memberof qkdd.relay.CutGrant
             * @instance
             */
            CutGrant.prototype.cut = null;

            /**
             * Creates a new CutGrant instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.CutGrant
             * @static
             * @param {qkdd.relay.CutGrant.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.CutGrant} CutGrant instance
             * @type {{
             *   (properties: qkdd.relay.CutGrant.$Shape): qkdd.relay.CutGrant & qkdd.relay.CutGrant.$Shape;
             *   (properties?: qkdd.relay.CutGrant.$Properties): qkdd.relay.CutGrant;
             * }}
             */
            CutGrant.create = function(properties) {
                return new CutGrant(properties);
            };

            /**
             * Encodes the specified CutGrant message. Does not implicitly {@link qkdd.relay.CutGrant.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.CutGrant
             * @static
             * @param {qkdd.relay.CutGrant.$Properties} message CutGrant message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CutGrant.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.cut != null && $Object.hasOwnProperty.call(message, "cut"))
                    $root.qkdd.relay.HopKeyCut.encode(message.cut, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified CutGrant message, length delimited. Does not implicitly {@link qkdd.relay.CutGrant.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.CutGrant
             * @static
             * @param {qkdd.relay.CutGrant.$Properties} message CutGrant message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CutGrant.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a CutGrant message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.CutGrant
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.CutGrant & qkdd.relay.CutGrant.$Shape} CutGrant
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CutGrant.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.qkdd.relay.CutGrant();
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
                            message.cut = $root.qkdd.relay.HopKeyCut.decode(reader, reader.size(), $undefined, _depth + 1, message.cut);
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
             * Decodes a CutGrant message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.CutGrant
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.CutGrant & qkdd.relay.CutGrant.$Shape} CutGrant
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CutGrant.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a CutGrant message.
             * @function verify
             * @memberof qkdd.relay.CutGrant
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            CutGrant.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.cut != null && $Object.hasOwnProperty.call(message, "cut")) {
                    let error = $root.qkdd.relay.HopKeyCut.verify(message.cut, _depth + 1);
                    if (error)
                        return "cut." + error;
                }
                return null;
            };

            /**
             * Creates a CutGrant message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.CutGrant
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.CutGrant} CutGrant
             */
            CutGrant.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.CutGrant)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.CutGrant: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.relay.CutGrant();
                if (object.cut != null) {
                    if (!$util.isObject(object.cut))
                        throw $TypeError(".qkdd.relay.CutGrant.cut: object expected");
                    message.cut = $root.qkdd.relay.HopKeyCut.fromObject(object.cut, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a CutGrant message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.CutGrant
             * @static
             * @param {qkdd.relay.CutGrant} message CutGrant
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            CutGrant.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.cut = null;
                if (message.cut != null && $Object.hasOwnProperty.call(message, "cut"))
                    object.cut = $root.qkdd.relay.HopKeyCut.toObject(message.cut, options, _depth + 1);
                return object;
            };

            /**
             * Converts this CutGrant to JSON.
             * @function toJSON
             * @memberof qkdd.relay.CutGrant
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            CutGrant.prototype.toJSON = function() {
                return CutGrant.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for CutGrant
             * @function getTypeUrl
             * @memberof qkdd.relay.CutGrant
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CutGrant.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.CutGrant";
            };

            return CutGrant;
        })();

        relay.Prepared = (function() {

            /**
             * Properties of a Prepared.
             * @typedef {Object} qkdd.relay.Prepared.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Prepared.
             * @memberof qkdd.relay
             * @interface IPrepared
             * @augments qkdd.relay.Prepared.$Properties
             * @deprecated Use qkdd.relay.Prepared.$Properties instead.
             */

            /**
             * Shape of a Prepared.
             * @typedef {qkdd.relay.Prepared.$Properties} qkdd.relay.Prepared.$Shape
             */

            /**
             * Constructs a new Prepared.
             * @memberof qkdd.relay
             * @classdesc Represents a Prepared.
             * @constructor
             * @param {qkdd.relay.Prepared.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Prepared = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new Prepared instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.Prepared
             * @static
             * @param {qkdd.relay.Prepared.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.Prepared} Prepared instance
             * @type {{
             *   (properties: qkdd.relay.Prepared.$Shape): qkdd.relay.Prepared & qkdd.relay.Prepared.$Shape;
             *   (properties?: qkdd.relay.Prepared.$Properties): qkdd.relay.Prepared;
             * }}
             */
            Prepared.create = function(properties) {
                return new Prepared(properties);
            };

            /**
             * Encodes the specified Prepared message. Does not implicitly {@link qkdd.relay.Prepared.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.Prepared
             * @static
             * @param {qkdd.relay.Prepared.$Properties} message Prepared message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Prepared.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Prepared message, length delimited. Does not implicitly {@link qkdd.relay.Prepared.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.Prepared
             * @static
             * @param {qkdd.relay.Prepared.$Properties} message Prepared message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Prepared.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Prepared message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.Prepared
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.Prepared & qkdd.relay.Prepared.$Shape} Prepared
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Prepared.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.relay.Prepared();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
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
             * Decodes a Prepared message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.Prepared
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.Prepared & qkdd.relay.Prepared.$Shape} Prepared
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Prepared.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Prepared message.
             * @function verify
             * @memberof qkdd.relay.Prepared
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Prepared.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                return null;
            };

            /**
             * Creates a Prepared message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.Prepared
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.Prepared} Prepared
             */
            Prepared.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.Prepared)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.Prepared: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                return new $root.qkdd.relay.Prepared();
            };

            /**
             * Creates a plain object from a Prepared message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.Prepared
             * @static
             * @param {qkdd.relay.Prepared} message Prepared
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Prepared.toObject = function () {
                return {};
            };

            /**
             * Converts this Prepared to JSON.
             * @function toJSON
             * @memberof qkdd.relay.Prepared
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Prepared.prototype.toJSON = function() {
                return Prepared.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Prepared
             * @function getTypeUrl
             * @memberof qkdd.relay.Prepared
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Prepared.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.Prepared";
            };

            return Prepared;
        })();

        relay.Commit = (function() {

            /**
             * Properties of a Commit.
             * @typedef {Object} qkdd.relay.Commit.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Commit.
             * @memberof qkdd.relay
             * @interface ICommit
             * @augments qkdd.relay.Commit.$Properties
             * @deprecated Use qkdd.relay.Commit.$Properties instead.
             */

            /**
             * Shape of a Commit.
             * @typedef {qkdd.relay.Commit.$Properties} qkdd.relay.Commit.$Shape
             */

            /**
             * Constructs a new Commit.
             * @memberof qkdd.relay
             * @classdesc Represents a Commit.
             * @constructor
             * @param {qkdd.relay.Commit.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Commit = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new Commit instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.Commit
             * @static
             * @param {qkdd.relay.Commit.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.Commit} Commit instance
             * @type {{
             *   (properties: qkdd.relay.Commit.$Shape): qkdd.relay.Commit & qkdd.relay.Commit.$Shape;
             *   (properties?: qkdd.relay.Commit.$Properties): qkdd.relay.Commit;
             * }}
             */
            Commit.create = function(properties) {
                return new Commit(properties);
            };

            /**
             * Encodes the specified Commit message. Does not implicitly {@link qkdd.relay.Commit.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.Commit
             * @static
             * @param {qkdd.relay.Commit.$Properties} message Commit message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Commit.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Commit message, length delimited. Does not implicitly {@link qkdd.relay.Commit.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.Commit
             * @static
             * @param {qkdd.relay.Commit.$Properties} message Commit message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Commit.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Commit message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.Commit
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.Commit & qkdd.relay.Commit.$Shape} Commit
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Commit.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.qkdd.relay.Commit();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
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
             * Decodes a Commit message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.Commit
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.Commit & qkdd.relay.Commit.$Shape} Commit
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Commit.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Commit message.
             * @function verify
             * @memberof qkdd.relay.Commit
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Commit.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                return null;
            };

            /**
             * Creates a Commit message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.Commit
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.Commit} Commit
             */
            Commit.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.Commit)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.Commit: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                return new $root.qkdd.relay.Commit();
            };

            /**
             * Creates a plain object from a Commit message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.Commit
             * @static
             * @param {qkdd.relay.Commit} message Commit
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Commit.toObject = function () {
                return {};
            };

            /**
             * Converts this Commit to JSON.
             * @function toJSON
             * @memberof qkdd.relay.Commit
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Commit.prototype.toJSON = function() {
                return Commit.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Commit
             * @function getTypeUrl
             * @memberof qkdd.relay.Commit
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Commit.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.Commit";
            };

            return Commit;
        })();

        relay.Abort = (function() {

            /**
             * Properties of an Abort.
             * @typedef {Object} qkdd.relay.Abort.$Properties
             * @property {string|null} [reason] Abort reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Abort.
             * @memberof qkdd.relay
             * @interface IAbort
             * @augments qkdd.relay.Abort.$Properties
             * @deprecated Use qkdd.relay.Abort.$Properties instead.
             */

            /**
             * Shape of an Abort.
             * @typedef {qkdd.relay.Abort.$Properties} qkdd.relay.Abort.$Shape
             */

            /**
             * Constructs a new Abort.
             * @memberof qkdd.relay
             * @classdesc Represents an Abort.
             * @constructor
             * @param {qkdd.relay.Abort.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Abort = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Abort reason.
             * @member {string} reason
             * @memberof qkdd.relay.Abort
             * @instance
             */
            Abort.prototype.reason = "";

            /**
             * Creates a new Abort instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.Abort
             * @static
             * @param {qkdd.relay.Abort.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.Abort} Abort instance
             * @type {{
             *   (properties: qkdd.relay.Abort.$Shape): qkdd.relay.Abort & qkdd.relay.Abort.$Shape;
             *   (properties?: qkdd.relay.Abort.$Properties): qkdd.relay.Abort;
             * }}
             */
            Abort.create = function(properties) {
                return new Abort(properties);
            };

            /**
             * Encodes the specified Abort message. Does not implicitly {@link qkdd.relay.Abort.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.Abort
             * @static
             * @param {qkdd.relay.Abort.$Properties} message Abort message or plain object to encode
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
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.reason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Abort message, length delimited. Does not implicitly {@link qkdd.relay.Abort.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.Abort
             * @static
             * @param {qkdd.relay.Abort.$Properties} message Abort message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Abort.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes an Abort message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.Abort
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.Abort & qkdd.relay.Abort.$Shape} Abort
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
                message = _target || new $root.qkdd.relay.Abort();
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
             * @memberof qkdd.relay.Abort
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.Abort & qkdd.relay.Abort.$Shape} Abort
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
             * @memberof qkdd.relay.Abort
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
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    if (!$util.isString(message.reason))
                        return "reason: string expected";
                return null;
            };

            /**
             * Creates an Abort message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.Abort
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.Abort} Abort
             */
            Abort.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.Abort)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.Abort: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.relay.Abort();
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                return message;
            };

            /**
             * Creates a plain object from an Abort message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.Abort
             * @static
             * @param {qkdd.relay.Abort} message Abort
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
                if (options.defaults)
                    object.reason = "";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                return object;
            };

            /**
             * Converts this Abort to JSON.
             * @function toJSON
             * @memberof qkdd.relay.Abort
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Abort.prototype.toJSON = function() {
                return Abort.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Abort
             * @function getTypeUrl
             * @memberof qkdd.relay.Abort
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Abort.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.Abort";
            };

            return Abort;
        })();

        relay.Done = (function() {

            /**
             * Properties of a Done.
             * @typedef {Object} qkdd.relay.Done.$Properties
             * @property {boolean|null} [committed] Done committed
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Done.
             * @memberof qkdd.relay
             * @interface IDone
             * @augments qkdd.relay.Done.$Properties
             * @deprecated Use qkdd.relay.Done.$Properties instead.
             */

            /**
             * Shape of a Done.
             * @typedef {qkdd.relay.Done.$Properties} qkdd.relay.Done.$Shape
             */

            /**
             * Constructs a new Done.
             * @memberof qkdd.relay
             * @classdesc Represents a Done.
             * @constructor
             * @param {qkdd.relay.Done.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Done = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Done committed.
             * @member {boolean} committed
             * @memberof qkdd.relay.Done
             * @instance
             */
            Done.prototype.committed = false;

            /**
             * Creates a new Done instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.Done
             * @static
             * @param {qkdd.relay.Done.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.Done} Done instance
             * @type {{
             *   (properties: qkdd.relay.Done.$Shape): qkdd.relay.Done & qkdd.relay.Done.$Shape;
             *   (properties?: qkdd.relay.Done.$Properties): qkdd.relay.Done;
             * }}
             */
            Done.create = function(properties) {
                return new Done(properties);
            };

            /**
             * Encodes the specified Done message. Does not implicitly {@link qkdd.relay.Done.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.Done
             * @static
             * @param {qkdd.relay.Done.$Properties} message Done message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Done.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.committed != null && $Object.hasOwnProperty.call(message, "committed") && message.committed !== false)
                    writer.uint32(/* id 1, wireType 0 =*/8).bool(message.committed);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Done message, length delimited. Does not implicitly {@link qkdd.relay.Done.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.Done
             * @static
             * @param {qkdd.relay.Done.$Properties} message Done message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Done.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Done message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.Done
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.Done & qkdd.relay.Done.$Shape} Done
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Done.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.qkdd.relay.Done();
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
                                message.committed = value;
                            else
                                delete message.committed;
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
             * Decodes a Done message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.Done
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.Done & qkdd.relay.Done.$Shape} Done
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Done.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Done message.
             * @function verify
             * @memberof qkdd.relay.Done
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Done.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.committed != null && $Object.hasOwnProperty.call(message, "committed"))
                    if (typeof message.committed !== "boolean")
                        return "committed: boolean expected";
                return null;
            };

            /**
             * Creates a Done message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.Done
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.Done} Done
             */
            Done.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.Done)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.Done: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.relay.Done();
                if (object.committed != null)
                    if (object.committed)
                        message.committed = $Boolean(object.committed);
                return message;
            };

            /**
             * Creates a plain object from a Done message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.Done
             * @static
             * @param {qkdd.relay.Done} message Done
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Done.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.committed = false;
                if (message.committed != null && $Object.hasOwnProperty.call(message, "committed"))
                    object.committed = message.committed;
                return object;
            };

            /**
             * Converts this Done to JSON.
             * @function toJSON
             * @memberof qkdd.relay.Done
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Done.prototype.toJSON = function() {
                return Done.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Done
             * @function getTypeUrl
             * @memberof qkdd.relay.Done
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Done.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.Done";
            };

            return Done;
        })();

        relay.Reject = (function() {

            /**
             * Properties of a Reject.
             * @typedef {Object} qkdd.relay.Reject.$Properties
             * @property {string|null} [reason] Reject reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Reject.
             * @memberof qkdd.relay
             * @interface IReject
             * @augments qkdd.relay.Reject.$Properties
             * @deprecated Use qkdd.relay.Reject.$Properties instead.
             */

            /**
             * Shape of a Reject.
             * @typedef {qkdd.relay.Reject.$Properties} qkdd.relay.Reject.$Shape
             */

            /**
             * Constructs a new Reject.
             * @memberof qkdd.relay
             * @classdesc Represents a Reject.
             * @constructor
             * @param {qkdd.relay.Reject.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Reject = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Reject reason.
             * @member {string} reason
             * @memberof qkdd.relay.Reject
             * @instance
             */
            Reject.prototype.reason = "";

            /**
             * Creates a new Reject instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.Reject
             * @static
             * @param {qkdd.relay.Reject.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.Reject} Reject instance
             * @type {{
             *   (properties: qkdd.relay.Reject.$Shape): qkdd.relay.Reject & qkdd.relay.Reject.$Shape;
             *   (properties?: qkdd.relay.Reject.$Properties): qkdd.relay.Reject;
             * }}
             */
            Reject.create = function(properties) {
                return new Reject(properties);
            };

            /**
             * Encodes the specified Reject message. Does not implicitly {@link qkdd.relay.Reject.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.Reject
             * @static
             * @param {qkdd.relay.Reject.$Properties} message Reject message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Reject.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.reason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified Reject message, length delimited. Does not implicitly {@link qkdd.relay.Reject.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.Reject
             * @static
             * @param {qkdd.relay.Reject.$Properties} message Reject message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Reject.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a Reject message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.Reject
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.Reject & qkdd.relay.Reject.$Shape} Reject
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Reject.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.qkdd.relay.Reject();
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
             * Decodes a Reject message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.Reject
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.Reject & qkdd.relay.Reject.$Shape} Reject
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Reject.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a Reject message.
             * @function verify
             * @memberof qkdd.relay.Reject
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            Reject.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    if (!$util.isString(message.reason))
                        return "reason: string expected";
                return null;
            };

            /**
             * Creates a Reject message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.Reject
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.Reject} Reject
             */
            Reject.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.Reject)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.Reject: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.relay.Reject();
                if (object.reason != null)
                    if (typeof object.reason !== "string" || object.reason.length)
                        message.reason = $String(object.reason);
                return message;
            };

            /**
             * Creates a plain object from a Reject message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.Reject
             * @static
             * @param {qkdd.relay.Reject} message Reject
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            Reject.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults)
                    object.reason = "";
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason"))
                    object.reason = message.reason;
                return object;
            };

            /**
             * Converts this Reject to JSON.
             * @function toJSON
             * @memberof qkdd.relay.Reject
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            Reject.prototype.toJSON = function() {
                return Reject.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for Reject
             * @function getTypeUrl
             * @memberof qkdd.relay.Reject
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Reject.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.Reject";
            };

            return Reject;
        })();

        relay.RelayMessage = (function() {

            /**
             * Properties of a RelayMessage.
             * @typedef {Object} qkdd.relay.RelayMessage.$Properties
             * @property {number|null} [version] RelayMessage version
             * @property {string|null} [relayId] RelayMessage relayId
             * @property {number|null} [hop] RelayMessage hop
             * @property {string|null} [link] RelayMessage link
             * @property {qkdd.relay.Forward.$Properties|null} [forward] RelayMessage forward
             * @property {qkdd.relay.CutRequest.$Properties|null} [cutRequest] RelayMessage cutRequest
             * @property {qkdd.relay.CutGrant.$Properties|null} [cutGrant] RelayMessage cutGrant
             * @property {qkdd.relay.Prepared.$Properties|null} [prepared] RelayMessage prepared
             * @property {qkdd.relay.Commit.$Properties|null} [commit] RelayMessage commit
             * @property {qkdd.relay.Abort.$Properties|null} [abort] RelayMessage abort
             * @property {qkdd.relay.Done.$Properties|null} [done] RelayMessage done
             * @property {qkdd.relay.Reject.$Properties|null} [reject] RelayMessage reject
             * @property {"forward"|"cutRequest"|"cutGrant"|"prepared"|"commit"|"abort"|"done"|"reject"} [body] RelayMessage body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RelayMessage.
             * @memberof qkdd.relay
             * @interface IRelayMessage
             * @augments qkdd.relay.RelayMessage.$Properties
             * @deprecated Use qkdd.relay.RelayMessage.$Properties instead.
             */

            /**
             * Narrowed shape of a RelayMessage.
             * @typedef {{
             *   version?: number|null;
             *   relayId?: string|null;
             *   hop?: number|null;
             *   link?: string|null;
             *   forward?: qkdd.relay.Forward.$Shape|null;
             *   cutRequest?: qkdd.relay.CutRequest.$Shape|null;
             *   cutGrant?: qkdd.relay.CutGrant.$Shape|null;
             *   prepared?: qkdd.relay.Prepared.$Shape|null;
             *   commit?: qkdd.relay.Commit.$Shape|null;
             *   abort?: qkdd.relay.Abort.$Shape|null;
             *   done?: qkdd.relay.Done.$Shape|null;
             *   reject?: qkdd.relay.Reject.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; forward?: null; cutRequest?: null; cutGrant?: null; prepared?: null; commit?: null; abort?: null; done?: null; reject?: null }|{ body?: "forward"; forward: qkdd.relay.Forward.$Shape; cutRequest?: null; cutGrant?: null; prepared?: null; commit?: null; abort?: null; done?: null; reject?: null }|{ body?: "cutRequest"; forward?: null; cutRequest: qkdd.relay.CutRequest.$Shape; cutGrant?: null; prepared?: null; commit?: null; abort?: null; done?: null; reject?: null }|{ body?: "cutGrant"; forward?: null; cutRequest?: null; cutGrant: qkdd.relay.CutGrant.$Shape; prepared?: null; commit?: null; abort?: null; done?: null; reject?: null }|{ body?: "prepared"; forward?: null; cutRequest?: null; cutGrant?: null; prepared: qkdd.relay.Prepared.$Shape; commit?: null; abort?: null; done?: null; reject?: null }|{ body?: "commit"; forward?: null; cutRequest?: null; cutGrant?: null; prepared?: null; commit: qkdd.relay.Commit.$Shape; abort?: null; done?: null; reject?: null }|{ body?: "abort"; forward?: null; cutRequest?: null; cutGrant?: null; prepared?: null; commit?: null; abort: qkdd.relay.Abort.$Shape; done?: null; reject?: null }|{ body?: "done"; forward?: null; cutRequest?: null; cutGrant?: null; prepared?: null; commit?: null; abort?: null; done: qkdd.relay.Done.$Shape; reject?: null }|{ body?: "reject"; forward?: null; cutRequest?: null; cutGrant?: null; prepared?: null; commit?: null; abort?: null; done?: null; reject: qkdd.relay.Reject.$Shape })
             * )} qkdd.relay.RelayMessage.$Shape
             */

            /**
             * Constructs a new RelayMessage.
             * @memberof qkdd.relay
             * @classdesc Represents a RelayMessage.
             * @constructor
             * @param {qkdd.relay.RelayMessage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RelayMessage = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RelayMessage version.
             * @member {number} version
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.version = 0;

            /**
             * RelayMessage relayId.
             * @member {string} relayId
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.relayId = "";

            /**
             * RelayMessage hop.
             * @member {number} hop
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.hop = 0;

            /**
             * RelayMessage link.
             * @member {string} link
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.link = "";

            /**
             * RelayMessage forward.
             * @member {qkdd.relay.Forward.$Properties|null|undefined} forward
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.forward = null;

            /**
             * RelayMessage cutRequest.
             * @member {qkdd.relay.CutRequest.$Properties|null|undefined} cutRequest
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.cutRequest = null;

            /**
             * RelayMessage cutGrant.
             * @member {qkdd.relay.CutGrant.$Properties|null|undefined} cutGrant
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.cutGrant = null;

            /**
             * RelayMessage prepared.
             * @member {qkdd.relay.Prepared.$Properties|null|undefined} prepared
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.prepared = null;

            /**
             * RelayMessage commit.
             * @member {qkdd.relay.Commit.$Properties|null|undefined} commit
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.commit = null;

            /**
             * RelayMessage abort.
             * @member {qkdd.relay.Abort.$Properties|null|undefined} abort
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.abort = null;

            /**
             * RelayMessage done.
             * @member {qkdd.relay.Done.$Properties|null|undefined} done
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.done = null;

            /**
             * RelayMessage reject.
             * @member {qkdd.relay.Reject.$Properties|null|undefined} reject
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            RelayMessage.prototype.reject = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * RelayMessage body.
             * @member {"forward"|"cutRequest"|"cutGrant"|"prepared"|"commit"|"abort"|"done"|"reject"|undefined} body
             * @memberof qkdd.relay.RelayMessage
             * @instance
             */
            $Object.defineProperty(RelayMessage.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["forward", "cutRequest", "cutGrant", "prepared", "commit", "abort", "done", "reject"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new RelayMessage instance using the specified properties.
             * @function create
             * @memberof qkdd.relay.RelayMessage
             * @static
             * @param {qkdd.relay.RelayMessage.$Properties=} [properties] Properties to set
             * @returns {qkdd.relay.RelayMessage} RelayMessage instance
             * @type {{
             *   (properties: qkdd.relay.RelayMessage.$Shape): qkdd.relay.RelayMessage & qkdd.relay.RelayMessage.$Shape;
             *   (properties?: qkdd.relay.RelayMessage.$Properties): qkdd.relay.RelayMessage;
             * }}
             */
            RelayMessage.create = function(properties) {
                return new RelayMessage(properties);
            };

            /**
             * Encodes the specified RelayMessage message. Does not implicitly {@link qkdd.relay.RelayMessage.verify|verify} messages.
             * @function encode
             * @memberof qkdd.relay.RelayMessage
             * @static
             * @param {qkdd.relay.RelayMessage.$Properties} message RelayMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RelayMessage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.relayId != null && $Object.hasOwnProperty.call(message, "relayId") && message.relayId !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.relayId);
                if (message.hop != null && $Object.hasOwnProperty.call(message, "hop") && message.hop !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.hop);
                if (message.link != null && $Object.hasOwnProperty.call(message, "link") && message.link !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.link);
                if (message.forward != null && $Object.hasOwnProperty.call(message, "forward"))
                    $root.qkdd.relay.Forward.encode(message.forward, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.cutRequest != null && $Object.hasOwnProperty.call(message, "cutRequest"))
                    $root.qkdd.relay.CutRequest.encode(message.cutRequest, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.cutGrant != null && $Object.hasOwnProperty.call(message, "cutGrant"))
                    $root.qkdd.relay.CutGrant.encode(message.cutGrant, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                if (message.prepared != null && $Object.hasOwnProperty.call(message, "prepared"))
                    $root.qkdd.relay.Prepared.encode(message.prepared, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                if (message.commit != null && $Object.hasOwnProperty.call(message, "commit"))
                    $root.qkdd.relay.Commit.encode(message.commit, writer.uint32(/* id 14, wireType 2 =*/114).fork(), _depth + 1).ldelim();
                if (message.abort != null && $Object.hasOwnProperty.call(message, "abort"))
                    $root.qkdd.relay.Abort.encode(message.abort, writer.uint32(/* id 15, wireType 2 =*/122).fork(), _depth + 1).ldelim();
                if (message.done != null && $Object.hasOwnProperty.call(message, "done"))
                    $root.qkdd.relay.Done.encode(message.done, writer.uint32(/* id 16, wireType 2 =*/130).fork(), _depth + 1).ldelim();
                if (message.reject != null && $Object.hasOwnProperty.call(message, "reject"))
                    $root.qkdd.relay.Reject.encode(message.reject, writer.uint32(/* id 17, wireType 2 =*/138).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Encodes the specified RelayMessage message, length delimited. Does not implicitly {@link qkdd.relay.RelayMessage.verify|verify} messages.
             * @function encodeDelimited
             * @memberof qkdd.relay.RelayMessage
             * @static
             * @param {qkdd.relay.RelayMessage.$Properties} message RelayMessage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RelayMessage.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a RelayMessage message from the specified reader or buffer.
             * @function decode
             * @memberof qkdd.relay.RelayMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {qkdd.relay.RelayMessage & qkdd.relay.RelayMessage.$Shape} RelayMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RelayMessage.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.qkdd.relay.RelayMessage();
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
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.relayId = value;
                            else
                                delete message.relayId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.hop = value;
                            else
                                delete message.hop;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.link = value;
                            else
                                delete message.link;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.forward = $root.qkdd.relay.Forward.decode(reader, reader.size(), $undefined, _depth + 1, message.forward);
                            message.body = "forward";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.cutRequest = $root.qkdd.relay.CutRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.cutRequest);
                            message.body = "cutRequest";
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            message.cutGrant = $root.qkdd.relay.CutGrant.decode(reader, reader.size(), $undefined, _depth + 1, message.cutGrant);
                            message.body = "cutGrant";
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            message.prepared = $root.qkdd.relay.Prepared.decode(reader, reader.size(), $undefined, _depth + 1, message.prepared);
                            message.body = "prepared";
                            continue;
                        }
                    case 14: {
                            if (wireType !== 2)
                                break;
                            message.commit = $root.qkdd.relay.Commit.decode(reader, reader.size(), $undefined, _depth + 1, message.commit);
                            message.body = "commit";
                            continue;
                        }
                    case 15: {
                            if (wireType !== 2)
                                break;
                            message.abort = $root.qkdd.relay.Abort.decode(reader, reader.size(), $undefined, _depth + 1, message.abort);
                            message.body = "abort";
                            continue;
                        }
                    case 16: {
                            if (wireType !== 2)
                                break;
                            message.done = $root.qkdd.relay.Done.decode(reader, reader.size(), $undefined, _depth + 1, message.done);
                            message.body = "done";
                            continue;
                        }
                    case 17: {
                            if (wireType !== 2)
                                break;
                            message.reject = $root.qkdd.relay.Reject.decode(reader, reader.size(), $undefined, _depth + 1, message.reject);
                            message.body = "reject";
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
             * Decodes a RelayMessage message from the specified reader or buffer, length delimited.
             * @function decodeDelimited
             * @memberof qkdd.relay.RelayMessage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {qkdd.relay.RelayMessage & qkdd.relay.RelayMessage.$Shape} RelayMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RelayMessage.decodeDelimited = function(reader) {
                if (!(reader instanceof $Reader))
                    reader = new $Reader(reader);
                return this.decode(reader, reader.size());
            };

            /**
             * Verifies a RelayMessage message.
             * @function verify
             * @memberof qkdd.relay.RelayMessage
             * @static
             * @param {Object.<string,*>} message Plain object to verify
             * @returns {string|null} `null` if valid, otherwise the reason why it is not
             */
            RelayMessage.verify = function (message, _depth) {
                if (typeof message !== "object" || message === null)
                    return "object expected";
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    return "max depth exceeded";
                let properties = {};
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    if (!$util.isInteger(message.version))
                        return "version: integer expected";
                if (message.relayId != null && $Object.hasOwnProperty.call(message, "relayId"))
                    if (!$util.isString(message.relayId))
                        return "relayId: string expected";
                if (message.hop != null && $Object.hasOwnProperty.call(message, "hop"))
                    if (!$util.isInteger(message.hop))
                        return "hop: integer expected";
                if (message.link != null && $Object.hasOwnProperty.call(message, "link"))
                    if (!$util.isString(message.link))
                        return "link: string expected";
                if (message.forward != null && $Object.hasOwnProperty.call(message, "forward")) {
                    properties.body = 1;
                    {
                        let error = $root.qkdd.relay.Forward.verify(message.forward, _depth + 1);
                        if (error)
                            return "forward." + error;
                    }
                }
                if (message.cutRequest != null && $Object.hasOwnProperty.call(message, "cutRequest")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.relay.CutRequest.verify(message.cutRequest, _depth + 1);
                        if (error)
                            return "cutRequest." + error;
                    }
                }
                if (message.cutGrant != null && $Object.hasOwnProperty.call(message, "cutGrant")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.relay.CutGrant.verify(message.cutGrant, _depth + 1);
                        if (error)
                            return "cutGrant." + error;
                    }
                }
                if (message.prepared != null && $Object.hasOwnProperty.call(message, "prepared")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.relay.Prepared.verify(message.prepared, _depth + 1);
                        if (error)
                            return "prepared." + error;
                    }
                }
                if (message.commit != null && $Object.hasOwnProperty.call(message, "commit")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.relay.Commit.verify(message.commit, _depth + 1);
                        if (error)
                            return "commit." + error;
                    }
                }
                if (message.abort != null && $Object.hasOwnProperty.call(message, "abort")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.relay.Abort.verify(message.abort, _depth + 1);
                        if (error)
                            return "abort." + error;
                    }
                }
                if (message.done != null && $Object.hasOwnProperty.call(message, "done")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.relay.Done.verify(message.done, _depth + 1);
                        if (error)
                            return "done." + error;
                    }
                }
                if (message.reject != null && $Object.hasOwnProperty.call(message, "reject")) {
                    if (properties.body === 1)
                        return "body: multiple values";
                    properties.body = 1;
                    {
                        let error = $root.qkdd.relay.Reject.verify(message.reject, _depth + 1);
                        if (error)
                            return "reject." + error;
                    }
                }
                return null;
            };

            /**
             * Creates a RelayMessage message from a plain object. Also converts values to their respective internal types.
             * @function fromObject
             * @memberof qkdd.relay.RelayMessage
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {qkdd.relay.RelayMessage} RelayMessage
             */
            RelayMessage.fromObject = function (object, _depth) {
                if (object instanceof $root.qkdd.relay.RelayMessage)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".qkdd.relay.RelayMessage: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.qkdd.relay.RelayMessage();
                if (object.version != null)
                    if ($Number(object.version) !== 0)
                        message.version = object.version >>> 0;
                if (object.relayId != null)
                    if (typeof object.relayId !== "string" || object.relayId.length)
                        message.relayId = $String(object.relayId);
                if (object.hop != null)
                    if ($Number(object.hop) !== 0)
                        message.hop = object.hop >>> 0;
                if (object.link != null)
                    if (typeof object.link !== "string" || object.link.length)
                        message.link = $String(object.link);
                if (object.forward != null) {
                    if (!$util.isObject(object.forward))
                        throw $TypeError(".qkdd.relay.RelayMessage.forward: object expected");
                    message.forward = $root.qkdd.relay.Forward.fromObject(object.forward, _depth + 1);
                }
                if (object.cutRequest != null) {
                    if (!$util.isObject(object.cutRequest))
                        throw $TypeError(".qkdd.relay.RelayMessage.cutRequest: object expected");
                    message.cutRequest = $root.qkdd.relay.CutRequest.fromObject(object.cutRequest, _depth + 1);
                }
                if (object.cutGrant != null) {
                    if (!$util.isObject(object.cutGrant))
                        throw $TypeError(".qkdd.relay.RelayMessage.cutGrant: object expected");
                    message.cutGrant = $root.qkdd.relay.CutGrant.fromObject(object.cutGrant, _depth + 1);
                }
                if (object.prepared != null) {
                    if (!$util.isObject(object.prepared))
                        throw $TypeError(".qkdd.relay.RelayMessage.prepared: object expected");
                    message.prepared = $root.qkdd.relay.Prepared.fromObject(object.prepared, _depth + 1);
                }
                if (object.commit != null) {
                    if (!$util.isObject(object.commit))
                        throw $TypeError(".qkdd.relay.RelayMessage.commit: object expected");
                    message.commit = $root.qkdd.relay.Commit.fromObject(object.commit, _depth + 1);
                }
                if (object.abort != null) {
                    if (!$util.isObject(object.abort))
                        throw $TypeError(".qkdd.relay.RelayMessage.abort: object expected");
                    message.abort = $root.qkdd.relay.Abort.fromObject(object.abort, _depth + 1);
                }
                if (object.done != null) {
                    if (!$util.isObject(object.done))
                        throw $TypeError(".qkdd.relay.RelayMessage.done: object expected");
                    message.done = $root.qkdd.relay.Done.fromObject(object.done, _depth + 1);
                }
                if (object.reject != null) {
                    if (!$util.isObject(object.reject))
                        throw $TypeError(".qkdd.relay.RelayMessage.reject: object expected");
                    message.reject = $root.qkdd.relay.Reject.fromObject(object.reject, _depth + 1);
                }
                return message;
            };

            /**
             * Creates a plain object from a RelayMessage message. Also converts values to other types if specified.
             * @function toObject
             * @memberof qkdd.relay.RelayMessage
             * @static
             * @param {qkdd.relay.RelayMessage} message RelayMessage
             * @param {$protobuf.IConversionOptions} [options] Conversion options
             * @returns {Object.<string,*>} Plain object
             */
            RelayMessage.toObject = function (message, options, _depth) {
                if (!options)
                    options = {};
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let object = {};
                if (options.defaults) {
                    object.version = 0;
                    object.relayId = "";
                    object.hop = 0;
                    object.link = "";
                }
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    object.version = message.version;
                if (message.relayId != null && $Object.hasOwnProperty.call(message, "relayId"))
                    object.relayId = message.relayId;
                if (message.hop != null && $Object.hasOwnProperty.call(message, "hop"))
                    object.hop = message.hop;
                if (message.link != null && $Object.hasOwnProperty.call(message, "link"))
                    object.link = message.link;
                if (message.forward != null && $Object.hasOwnProperty.call(message, "forward")) {
                    object.forward = $root.qkdd.relay.Forward.toObject(message.forward, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "forward";
                }
                if (message.cutRequest != null && $Object.hasOwnProperty.call(message, "cutRequest")) {
                    object.cutRequest = $root.qkdd.relay.CutRequest.toObject(message.cutRequest, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "cutRequest";
                }
                if (message.cutGrant != null && $Object.hasOwnProperty.call(message, "cutGrant")) {
                    object.cutGrant = $root.qkdd.relay.CutGrant.toObject(message.cutGrant, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "cutGrant";
                }
                if (message.prepared != null && $Object.hasOwnProperty.call(message, "prepared")) {
                    object.prepared = $root.qkdd.relay.Prepared.toObject(message.prepared, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "prepared";
                }
                if (message.commit != null && $Object.hasOwnProperty.call(message, "commit")) {
                    object.commit = $root.qkdd.relay.Commit.toObject(message.commit, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "commit";
                }
                if (message.abort != null && $Object.hasOwnProperty.call(message, "abort")) {
                    object.abort = $root.qkdd.relay.Abort.toObject(message.abort, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "abort";
                }
                if (message.done != null && $Object.hasOwnProperty.call(message, "done")) {
                    object.done = $root.qkdd.relay.Done.toObject(message.done, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "done";
                }
                if (message.reject != null && $Object.hasOwnProperty.call(message, "reject")) {
                    object.reject = $root.qkdd.relay.Reject.toObject(message.reject, options, _depth + 1);
                    if (options.oneofs)
                        object.body = "reject";
                }
                return object;
            };

            /**
             * Converts this RelayMessage to JSON.
             * @function toJSON
             * @memberof qkdd.relay.RelayMessage
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            RelayMessage.prototype.toJSON = function() {
                return RelayMessage.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for RelayMessage
             * @function getTypeUrl
             * @memberof qkdd.relay.RelayMessage
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            RelayMessage.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/qkdd.relay.RelayMessage";
            };

            return RelayMessage;
        })();

        return relay;
    })();

    return qkdd;
})();

export {
  $root as default
};
