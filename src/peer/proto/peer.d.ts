import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace qkdd {

    namespace peer {

        enum Role {
            ROLE_UNSPECIFIED = 0,
            ROLE_TRANSMITTER = 1,
            ROLE_RECEIVER = 2
        }

        interface IHello extends qkdd.peer.Hello.$Properties {
        }

        class Hello {
            constructor(properties?: qkdd.peer.Hello.$Properties);
            $unknowns?: Uint8Array[];
            nodeId: string;
            role: qkdd.peer.Role;
            protocolVersion: number;
            linkId: string;
            softwareVersion: string;
            static create(properties: qkdd.peer.Hello.$Shape): qkdd.peer.Hello & qkdd.peer.Hello.$Shape;
            static create(properties?: qkdd.peer.Hello.$Properties): qkdd.peer.Hello;
            static encode(message: qkdd.peer.Hello.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.Hello.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.Hello & qkdd.peer.Hello.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.Hello & qkdd.peer.Hello.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.Hello;
            static toObject(message: qkdd.peer.Hello, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Hello {
            interface $Properties {
                nodeId?: (string|null);
                role?: (qkdd.peer.Role|null);
                protocolVersion?: (number|null);
                linkId?: (string|null);
                softwareVersion?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.Hello.$Properties;
        }

        interface ISiftDetections extends qkdd.peer.SiftDetections.$Properties {
        }

        class SiftDetections {
            constructor(properties?: qkdd.peer.SiftDetections.$Properties);
            $unknowns?: Uint8Array[];
            slotCount: number;
            detectionCount: number;
            detectedSlots: Uint8Array;
            bases: Uint8Array;
            static create(properties: qkdd.peer.SiftDetections.$Shape): qkdd.peer.SiftDetections & qkdd.peer.SiftDetections.$Shape;
            static create(properties?: qkdd.peer.SiftDetections.$Properties): qkdd.peer.SiftDetections;
            static encode(message: qkdd.peer.SiftDetections.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.SiftDetections.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.SiftDetections & qkdd.peer.SiftDetections.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.SiftDetections & qkdd.peer.SiftDetections.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.SiftDetections;
            static toObject(message: qkdd.peer.SiftDetections, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace SiftDetections {
            interface $Properties {
                slotCount?: (number|null);
                detectionCount?: (number|null);
                detectedSlots?: (Uint8Array|null);
                bases?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.SiftDetections.$Properties;
        }

        interface ISiftMatch extends qkdd.peer.SiftMatch.$Properties {
        }

        class SiftMatch {
            constructor(properties?: qkdd.peer.SiftMatch.$Properties);
            $unknowns?: Uint8Array[];
            detectionCount: number;
            matchMask: Uint8Array;
            static create(properties: qkdd.peer.SiftMatch.$Shape): qkdd.peer.SiftMatch & qkdd.peer.SiftMatch.$Shape;
            static create(properties?: qkdd.peer.SiftMatch.$Properties): qkdd.peer.SiftMatch;
            static encode(message: qkdd.peer.SiftMatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.SiftMatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.SiftMatch & qkdd.peer.SiftMatch.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.SiftMatch & qkdd.peer.SiftMatch.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.SiftMatch;
            static toObject(message: qkdd.peer.SiftMatch, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace SiftMatch {
            interface $Properties {
                detectionCount?: (number|null);
                matchMask?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.SiftMatch.$Properties;
        }

        interface IIntensityClasses extends qkdd.peer.IntensityClasses.$Properties {
        }

        class IntensityClasses {
            constructor(properties?: qkdd.peer.IntensityClasses.$Properties);
            $unknowns?: Uint8Array[];
            count: number;
            classes: Uint8Array;
            static create(properties: qkdd.peer.IntensityClasses.$Shape): qkdd.peer.IntensityClasses & qkdd.peer.IntensityClasses.$Shape;
            static create(properties?: qkdd.peer.IntensityClasses.$Properties): qkdd.peer.IntensityClasses;
            static encode(message: qkdd.peer.IntensityClasses.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.IntensityClasses.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.IntensityClasses & qkdd.peer.IntensityClasses.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.IntensityClasses & qkdd.peer.IntensityClasses.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.IntensityClasses;
            static toObject(message: qkdd.peer.IntensityClasses, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace IntensityClasses {
            interface $Properties {
                count?: (number|null);
                classes?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.IntensityClasses.$Properties;
        }

        interface IEstimationDisclosure extends qkdd.peer.EstimationDisclosure.$Properties {
        }

        class EstimationDisclosure {
            constructor(properties?: qkdd.peer.EstimationDisclosure.$Properties);
            $unknowns?: Uint8Array[];
            count: number;
            positions: Uint8Array;
            bits: Uint8Array;
            static create(properties: qkdd.peer.EstimationDisclosure.$Shape): qkdd.peer.EstimationDisclosure & qkdd.peer.EstimationDisclosure.$Shape;
            static create(properties?: qkdd.peer.EstimationDisclosure.$Properties): qkdd.peer.EstimationDisclosure;
            static encode(message: qkdd.peer.EstimationDisclosure.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.EstimationDisclosure.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.EstimationDisclosure & qkdd.peer.EstimationDisclosure.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.EstimationDisclosure & qkdd.peer.EstimationDisclosure.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.EstimationDisclosure;
            static toObject(message: qkdd.peer.EstimationDisclosure, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace EstimationDisclosure {
            interface $Properties {
                count?: (number|null);
                positions?: (Uint8Array|null);
                bits?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.EstimationDisclosure.$Properties;
        }

        interface ICascadeRequest extends qkdd.peer.CascadeRequest.$Properties {
        }

        class CascadeRequest {
            constructor(properties?: qkdd.peer.CascadeRequest.$Properties);
            $unknowns?: Uint8Array[];
            body: Uint8Array;
            static create(properties: qkdd.peer.CascadeRequest.$Shape): qkdd.peer.CascadeRequest & qkdd.peer.CascadeRequest.$Shape;
            static create(properties?: qkdd.peer.CascadeRequest.$Properties): qkdd.peer.CascadeRequest;
            static encode(message: qkdd.peer.CascadeRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.CascadeRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.CascadeRequest & qkdd.peer.CascadeRequest.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.CascadeRequest & qkdd.peer.CascadeRequest.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.CascadeRequest;
            static toObject(message: qkdd.peer.CascadeRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace CascadeRequest {
            interface $Properties {
                body?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.CascadeRequest.$Properties;
        }

        interface ICascadeReply extends qkdd.peer.CascadeReply.$Properties {
        }

        class CascadeReply {
            constructor(properties?: qkdd.peer.CascadeReply.$Properties);
            $unknowns?: Uint8Array[];
            body: Uint8Array;
            static create(properties: qkdd.peer.CascadeReply.$Shape): qkdd.peer.CascadeReply & qkdd.peer.CascadeReply.$Shape;
            static create(properties?: qkdd.peer.CascadeReply.$Properties): qkdd.peer.CascadeReply;
            static encode(message: qkdd.peer.CascadeReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.CascadeReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.CascadeReply & qkdd.peer.CascadeReply.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.CascadeReply & qkdd.peer.CascadeReply.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.CascadeReply;
            static toObject(message: qkdd.peer.CascadeReply, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace CascadeReply {
            interface $Properties {
                body?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.CascadeReply.$Properties;
        }

        interface IVerificationSeed extends qkdd.peer.VerificationSeed.$Properties {
        }

        class VerificationSeed {
            constructor(properties?: qkdd.peer.VerificationSeed.$Properties);
            $unknowns?: Uint8Array[];
            seed: Uint8Array;
            static create(properties: qkdd.peer.VerificationSeed.$Shape): qkdd.peer.VerificationSeed & qkdd.peer.VerificationSeed.$Shape;
            static create(properties?: qkdd.peer.VerificationSeed.$Properties): qkdd.peer.VerificationSeed;
            static encode(message: qkdd.peer.VerificationSeed.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.VerificationSeed.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.VerificationSeed & qkdd.peer.VerificationSeed.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.VerificationSeed & qkdd.peer.VerificationSeed.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.VerificationSeed;
            static toObject(message: qkdd.peer.VerificationSeed, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace VerificationSeed {
            interface $Properties {
                seed?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.VerificationSeed.$Properties;
        }

        interface IVerificationTag extends qkdd.peer.VerificationTag.$Properties {
        }

        class VerificationTag {
            constructor(properties?: qkdd.peer.VerificationTag.$Properties);
            $unknowns?: Uint8Array[];
            tag: Uint8Array;
            keyBits: number;
            static create(properties: qkdd.peer.VerificationTag.$Shape): qkdd.peer.VerificationTag & qkdd.peer.VerificationTag.$Shape;
            static create(properties?: qkdd.peer.VerificationTag.$Properties): qkdd.peer.VerificationTag;
            static encode(message: qkdd.peer.VerificationTag.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.VerificationTag.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.VerificationTag & qkdd.peer.VerificationTag.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.VerificationTag & qkdd.peer.VerificationTag.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.VerificationTag;
            static toObject(message: qkdd.peer.VerificationTag, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace VerificationTag {
            interface $Properties {
                tag?: (Uint8Array|null);
                keyBits?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.VerificationTag.$Properties;
        }

        interface IPrivacyAmplificationSeed extends qkdd.peer.PrivacyAmplificationSeed.$Properties {
        }

        class PrivacyAmplificationSeed {
            constructor(properties?: qkdd.peer.PrivacyAmplificationSeed.$Properties);
            $unknowns?: Uint8Array[];
            seed: Uint8Array;
            inputBits: number;
            outputBits: number;
            static create(properties: qkdd.peer.PrivacyAmplificationSeed.$Shape): qkdd.peer.PrivacyAmplificationSeed & qkdd.peer.PrivacyAmplificationSeed.$Shape;
            static create(properties?: qkdd.peer.PrivacyAmplificationSeed.$Properties): qkdd.peer.PrivacyAmplificationSeed;
            static encode(message: qkdd.peer.PrivacyAmplificationSeed.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.PrivacyAmplificationSeed.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.PrivacyAmplificationSeed & qkdd.peer.PrivacyAmplificationSeed.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.PrivacyAmplificationSeed & qkdd.peer.PrivacyAmplificationSeed.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.PrivacyAmplificationSeed;
            static toObject(message: qkdd.peer.PrivacyAmplificationSeed, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace PrivacyAmplificationSeed {
            interface $Properties {
                seed?: (Uint8Array|null);
                inputBits?: (number|null);
                outputBits?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.PrivacyAmplificationSeed.$Properties;
        }

        interface IBlockStored extends qkdd.peer.BlockStored.$Properties {
        }

        class BlockStored {
            constructor(properties?: qkdd.peer.BlockStored.$Properties);
            $unknowns?: Uint8Array[];
            blockId: string;
            bits: number;
            static create(properties: qkdd.peer.BlockStored.$Shape): qkdd.peer.BlockStored & qkdd.peer.BlockStored.$Shape;
            static create(properties?: qkdd.peer.BlockStored.$Properties): qkdd.peer.BlockStored;
            static encode(message: qkdd.peer.BlockStored.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.BlockStored.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.BlockStored & qkdd.peer.BlockStored.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.BlockStored & qkdd.peer.BlockStored.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.BlockStored;
            static toObject(message: qkdd.peer.BlockStored, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace BlockStored {
            interface $Properties {
                blockId?: (string|null);
                bits?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.BlockStored.$Properties;
        }

        interface IKeySegment extends qkdd.peer.KeySegment.$Properties {
        }

        class KeySegment {
            constructor(properties?: qkdd.peer.KeySegment.$Properties);
            $unknowns?: Uint8Array[];
            blockId: string;
            startBit: number;
            endBit: number;
            static create(properties: qkdd.peer.KeySegment.$Shape): qkdd.peer.KeySegment & qkdd.peer.KeySegment.$Shape;
            static create(properties?: qkdd.peer.KeySegment.$Properties): qkdd.peer.KeySegment;
            static encode(message: qkdd.peer.KeySegment.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.KeySegment.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.KeySegment & qkdd.peer.KeySegment.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.KeySegment & qkdd.peer.KeySegment.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.KeySegment;
            static toObject(message: qkdd.peer.KeySegment, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace KeySegment {
            interface $Properties {
                blockId?: (string|null);
                startBit?: (number|null);
                endBit?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.KeySegment.$Properties;
        }

        interface IKeyReservationRequest extends qkdd.peer.KeyReservationRequest.$Properties {
        }

        class KeyReservationRequest {
            constructor(properties?: qkdd.peer.KeyReservationRequest.$Properties);
            $unknowns?: Uint8Array[];
            reservationId: string;
            masterSaeId: string;
            slaveSaeId: string;
            additionalSlaveSaeIds: string[];
            keyIds: string[];
            keySizeBits: number;
            segments: qkdd.peer.KeySegment.$Properties[];
            description: Uint8Array;
            static create(properties: qkdd.peer.KeyReservationRequest.$Shape): qkdd.peer.KeyReservationRequest & qkdd.peer.KeyReservationRequest.$Shape;
            static create(properties?: qkdd.peer.KeyReservationRequest.$Properties): qkdd.peer.KeyReservationRequest;
            static encode(message: qkdd.peer.KeyReservationRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.KeyReservationRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.KeyReservationRequest & qkdd.peer.KeyReservationRequest.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.KeyReservationRequest & qkdd.peer.KeyReservationRequest.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.KeyReservationRequest;
            static toObject(message: qkdd.peer.KeyReservationRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace KeyReservationRequest {
            interface $Properties {
                reservationId?: (string|null);
                masterSaeId?: (string|null);
                slaveSaeId?: (string|null);
                additionalSlaveSaeIds?: (string[]|null);
                keyIds?: (string[]|null);
                keySizeBits?: (number|null);
                segments?: (qkdd.peer.KeySegment.$Properties[]|null);
                description?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.KeyReservationRequest.$Properties;
        }

        interface IKeyReservationAck extends qkdd.peer.KeyReservationAck.$Properties {
        }

        class KeyReservationAck {
            constructor(properties?: qkdd.peer.KeyReservationAck.$Properties);
            $unknowns?: Uint8Array[];
            reservationId: string;
            accepted: boolean;
            reason: string;
            static create(properties: qkdd.peer.KeyReservationAck.$Shape): qkdd.peer.KeyReservationAck & qkdd.peer.KeyReservationAck.$Shape;
            static create(properties?: qkdd.peer.KeyReservationAck.$Properties): qkdd.peer.KeyReservationAck;
            static encode(message: qkdd.peer.KeyReservationAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.KeyReservationAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.KeyReservationAck & qkdd.peer.KeyReservationAck.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.KeyReservationAck & qkdd.peer.KeyReservationAck.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.KeyReservationAck;
            static toObject(message: qkdd.peer.KeyReservationAck, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace KeyReservationAck {
            interface $Properties {
                reservationId?: (string|null);
                accepted?: (boolean|null);
                reason?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.KeyReservationAck.$Properties;
        }

        interface IAbort extends qkdd.peer.Abort.$Properties {
        }

        class Abort {
            constructor(properties?: qkdd.peer.Abort.$Properties);
            $unknowns?: Uint8Array[];
            frameId: number;
            reason: string;
            static create(properties: qkdd.peer.Abort.$Shape): qkdd.peer.Abort & qkdd.peer.Abort.$Shape;
            static create(properties?: qkdd.peer.Abort.$Properties): qkdd.peer.Abort;
            static encode(message: qkdd.peer.Abort.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.Abort.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.Abort & qkdd.peer.Abort.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.Abort & qkdd.peer.Abort.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.Abort;
            static toObject(message: qkdd.peer.Abort, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Abort {
            interface $Properties {
                frameId?: (number|null);
                reason?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.Abort.$Properties;
        }

        enum AlarmSeverity {
            ALARM_SEVERITY_UNSPECIFIED = 0,
            ALARM_SEVERITY_INFO = 1,
            ALARM_SEVERITY_WARNING = 2,
            ALARM_SEVERITY_CRITICAL = 3
        }

        interface IAlarm extends qkdd.peer.Alarm.$Properties {
        }

        class Alarm {
            constructor(properties?: qkdd.peer.Alarm.$Properties);
            $unknowns?: Uint8Array[];
            code: string;
            severity: qkdd.peer.AlarmSeverity;
            message: string;
            static create(properties: qkdd.peer.Alarm.$Shape): qkdd.peer.Alarm & qkdd.peer.Alarm.$Shape;
            static create(properties?: qkdd.peer.Alarm.$Properties): qkdd.peer.Alarm;
            static encode(message: qkdd.peer.Alarm.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.Alarm.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.Alarm & qkdd.peer.Alarm.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.Alarm & qkdd.peer.Alarm.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.Alarm;
            static toObject(message: qkdd.peer.Alarm, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Alarm {
            interface $Properties {
                code?: (string|null);
                severity?: (qkdd.peer.AlarmSeverity|null);
                message?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.Alarm.$Properties;
        }

        interface IStoreSync extends qkdd.peer.StoreSync.$Properties {
        }

        class StoreSync {
            constructor(properties?: qkdd.peer.StoreSync.$Properties);
            $unknowns?: Uint8Array[];
            request: boolean;
            recentBlockIds: string[];
            requestId: number;
            static create(properties: qkdd.peer.StoreSync.$Shape): qkdd.peer.StoreSync & qkdd.peer.StoreSync.$Shape;
            static create(properties?: qkdd.peer.StoreSync.$Properties): qkdd.peer.StoreSync;
            static encode(message: qkdd.peer.StoreSync.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.StoreSync.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.StoreSync & qkdd.peer.StoreSync.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.StoreSync & qkdd.peer.StoreSync.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.StoreSync;
            static toObject(message: qkdd.peer.StoreSync, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace StoreSync {
            interface $Properties {
                request?: (boolean|null);
                recentBlockIds?: (string[]|null);
                requestId?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.StoreSync.$Properties;
        }

        interface IBlockSegment extends qkdd.peer.BlockSegment.$Properties {
        }

        class BlockSegment {
            constructor(properties?: qkdd.peer.BlockSegment.$Properties);
            $unknowns?: Uint8Array[];
            frameId: number;
            keyFrom: number;
            keyTo: number;
            static create(properties: qkdd.peer.BlockSegment.$Shape): qkdd.peer.BlockSegment & qkdd.peer.BlockSegment.$Shape;
            static create(properties?: qkdd.peer.BlockSegment.$Properties): qkdd.peer.BlockSegment;
            static encode(message: qkdd.peer.BlockSegment.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.BlockSegment.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.BlockSegment & qkdd.peer.BlockSegment.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.BlockSegment & qkdd.peer.BlockSegment.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.BlockSegment;
            static toObject(message: qkdd.peer.BlockSegment, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace BlockSegment {
            interface $Properties {
                frameId?: (number|null);
                keyFrom?: (number|null);
                keyTo?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.BlockSegment.$Properties;
        }

        interface IRelayBytes extends qkdd.peer.RelayBytes.$Properties {
        }

        class RelayBytes {
            constructor(properties?: qkdd.peer.RelayBytes.$Properties);
            $unknowns?: Uint8Array[];
            payload: Uint8Array;
            linkState: Uint8Array;
            static create(properties: qkdd.peer.RelayBytes.$Shape): qkdd.peer.RelayBytes & qkdd.peer.RelayBytes.$Shape;
            static create(properties?: qkdd.peer.RelayBytes.$Properties): qkdd.peer.RelayBytes;
            static encode(message: qkdd.peer.RelayBytes.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.RelayBytes.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.RelayBytes & qkdd.peer.RelayBytes.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.RelayBytes & qkdd.peer.RelayBytes.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.RelayBytes;
            static toObject(message: qkdd.peer.RelayBytes, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace RelayBytes {
            interface $Properties {
                payload?: (Uint8Array|null);
                linkState?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.RelayBytes.$Properties;
        }

        interface IBlockClose extends qkdd.peer.BlockClose.$Properties {
        }

        class BlockClose {
            constructor(properties?: qkdd.peer.BlockClose.$Properties);
            $unknowns?: Uint8Array[];
            blockId: number;
            segments: qkdd.peer.BlockSegment.$Properties[];
            keyBits: number;
            static create(properties: qkdd.peer.BlockClose.$Shape): qkdd.peer.BlockClose & qkdd.peer.BlockClose.$Shape;
            static create(properties?: qkdd.peer.BlockClose.$Properties): qkdd.peer.BlockClose;
            static encode(message: qkdd.peer.BlockClose.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.BlockClose.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.BlockClose & qkdd.peer.BlockClose.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.BlockClose & qkdd.peer.BlockClose.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.BlockClose;
            static toObject(message: qkdd.peer.BlockClose, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace BlockClose {
            interface $Properties {
                blockId?: (number|null);
                segments?: (qkdd.peer.BlockSegment.$Properties[]|null);
                keyBits?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.peer.BlockClose.$Properties;
        }

        interface IEnvelope extends qkdd.peer.Envelope.$Properties {
        }

        class Envelope {
            constructor(properties?: qkdd.peer.Envelope.$Properties);
            $unknowns?: Uint8Array[];
            frameId: number;
            blockId: number;
            hello?: (qkdd.peer.Hello.$Properties|null);
            siftDetections?: (qkdd.peer.SiftDetections.$Properties|null);
            siftMatch?: (qkdd.peer.SiftMatch.$Properties|null);
            intensityClasses?: (qkdd.peer.IntensityClasses.$Properties|null);
            estimationDisclosure?: (qkdd.peer.EstimationDisclosure.$Properties|null);
            cascadeRequest?: (qkdd.peer.CascadeRequest.$Properties|null);
            cascadeReply?: (qkdd.peer.CascadeReply.$Properties|null);
            verificationSeed?: (qkdd.peer.VerificationSeed.$Properties|null);
            verificationTag?: (qkdd.peer.VerificationTag.$Properties|null);
            privacyAmplificationSeed?: (qkdd.peer.PrivacyAmplificationSeed.$Properties|null);
            blockStored?: (qkdd.peer.BlockStored.$Properties|null);
            keyReservationRequest?: (qkdd.peer.KeyReservationRequest.$Properties|null);
            keyReservationAck?: (qkdd.peer.KeyReservationAck.$Properties|null);
            abort?: (qkdd.peer.Abort.$Properties|null);
            alarm?: (qkdd.peer.Alarm.$Properties|null);
            storeSync?: (qkdd.peer.StoreSync.$Properties|null);
            blockClose?: (qkdd.peer.BlockClose.$Properties|null);
            relay?: (qkdd.peer.RelayBytes.$Properties|null);
            body?: ("hello"|"siftDetections"|"siftMatch"|"intensityClasses"|"estimationDisclosure"|"cascadeRequest"|"cascadeReply"|"verificationSeed"|"verificationTag"|"privacyAmplificationSeed"|"blockStored"|"keyReservationRequest"|"keyReservationAck"|"abort"|"alarm"|"storeSync"|"blockClose"|"relay");
            static create(properties: qkdd.peer.Envelope.$Shape): qkdd.peer.Envelope & qkdd.peer.Envelope.$Shape;
            static create(properties?: qkdd.peer.Envelope.$Properties): qkdd.peer.Envelope;
            static encode(message: qkdd.peer.Envelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.peer.Envelope.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.peer.Envelope & qkdd.peer.Envelope.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.peer.Envelope & qkdd.peer.Envelope.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.peer.Envelope;
            static toObject(message: qkdd.peer.Envelope, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Envelope {
            interface $Properties {
                frameId?: (number|null);
                blockId?: (number|null);
                hello?: (qkdd.peer.Hello.$Properties|null);
                siftDetections?: (qkdd.peer.SiftDetections.$Properties|null);
                siftMatch?: (qkdd.peer.SiftMatch.$Properties|null);
                intensityClasses?: (qkdd.peer.IntensityClasses.$Properties|null);
                estimationDisclosure?: (qkdd.peer.EstimationDisclosure.$Properties|null);
                cascadeRequest?: (qkdd.peer.CascadeRequest.$Properties|null);
                cascadeReply?: (qkdd.peer.CascadeReply.$Properties|null);
                verificationSeed?: (qkdd.peer.VerificationSeed.$Properties|null);
                verificationTag?: (qkdd.peer.VerificationTag.$Properties|null);
                privacyAmplificationSeed?: (qkdd.peer.PrivacyAmplificationSeed.$Properties|null);
                blockStored?: (qkdd.peer.BlockStored.$Properties|null);
                keyReservationRequest?: (qkdd.peer.KeyReservationRequest.$Properties|null);
                keyReservationAck?: (qkdd.peer.KeyReservationAck.$Properties|null);
                abort?: (qkdd.peer.Abort.$Properties|null);
                alarm?: (qkdd.peer.Alarm.$Properties|null);
                storeSync?: (qkdd.peer.StoreSync.$Properties|null);
                blockClose?: (qkdd.peer.BlockClose.$Properties|null);
                relay?: (qkdd.peer.RelayBytes.$Properties|null);
                body?: ("hello"|"siftDetections"|"siftMatch"|"intensityClasses"|"estimationDisclosure"|"cascadeRequest"|"cascadeReply"|"verificationSeed"|"verificationTag"|"privacyAmplificationSeed"|"blockStored"|"keyReservationRequest"|"keyReservationAck"|"abort"|"alarm"|"storeSync"|"blockClose"|"relay");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              frameId?: number|null;
              blockId?: number|null;
              hello?: qkdd.peer.Hello.$Shape|null;
              siftDetections?: qkdd.peer.SiftDetections.$Shape|null;
              siftMatch?: qkdd.peer.SiftMatch.$Shape|null;
              intensityClasses?: qkdd.peer.IntensityClasses.$Shape|null;
              estimationDisclosure?: qkdd.peer.EstimationDisclosure.$Shape|null;
              cascadeRequest?: qkdd.peer.CascadeRequest.$Shape|null;
              cascadeReply?: qkdd.peer.CascadeReply.$Shape|null;
              verificationSeed?: qkdd.peer.VerificationSeed.$Shape|null;
              verificationTag?: qkdd.peer.VerificationTag.$Shape|null;
              privacyAmplificationSeed?: qkdd.peer.PrivacyAmplificationSeed.$Shape|null;
              blockStored?: qkdd.peer.BlockStored.$Shape|null;
              keyReservationRequest?: qkdd.peer.KeyReservationRequest.$Shape|null;
              keyReservationAck?: qkdd.peer.KeyReservationAck.$Shape|null;
              abort?: qkdd.peer.Abort.$Shape|null;
              alarm?: qkdd.peer.Alarm.$Shape|null;
              storeSync?: qkdd.peer.StoreSync.$Shape|null;
              blockClose?: qkdd.peer.BlockClose.$Shape|null;
              relay?: qkdd.peer.RelayBytes.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "hello"; hello: qkdd.peer.Hello.$Shape; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "siftDetections"; hello?: null; siftDetections: qkdd.peer.SiftDetections.$Shape; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "siftMatch"; hello?: null; siftDetections?: null; siftMatch: qkdd.peer.SiftMatch.$Shape; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "intensityClasses"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses: qkdd.peer.IntensityClasses.$Shape; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "estimationDisclosure"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure: qkdd.peer.EstimationDisclosure.$Shape; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "cascadeRequest"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest: qkdd.peer.CascadeRequest.$Shape; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "cascadeReply"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply: qkdd.peer.CascadeReply.$Shape; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "verificationSeed"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed: qkdd.peer.VerificationSeed.$Shape; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "verificationTag"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag: qkdd.peer.VerificationTag.$Shape; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "privacyAmplificationSeed"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed: qkdd.peer.PrivacyAmplificationSeed.$Shape; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "blockStored"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored: qkdd.peer.BlockStored.$Shape; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "keyReservationRequest"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest: qkdd.peer.KeyReservationRequest.$Shape; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "keyReservationAck"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck: qkdd.peer.KeyReservationAck.$Shape; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "abort"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort: qkdd.peer.Abort.$Shape; alarm?: null; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "alarm"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm: qkdd.peer.Alarm.$Shape; storeSync?: null; blockClose?: null; relay?: null }|{ body?: "storeSync"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync: qkdd.peer.StoreSync.$Shape; blockClose?: null; relay?: null }|{ body?: "blockClose"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose: qkdd.peer.BlockClose.$Shape; relay?: null }|{ body?: "relay"; hello?: null; siftDetections?: null; siftMatch?: null; intensityClasses?: null; estimationDisclosure?: null; cascadeRequest?: null; cascadeReply?: null; verificationSeed?: null; verificationTag?: null; privacyAmplificationSeed?: null; blockStored?: null; keyReservationRequest?: null; keyReservationAck?: null; abort?: null; alarm?: null; storeSync?: null; blockClose?: null; relay: qkdd.peer.RelayBytes.$Shape })
            );
        }
    }
}
