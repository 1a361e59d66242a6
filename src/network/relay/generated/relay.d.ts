import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace qkdd {

    namespace relay {

        interface ISegment extends qkdd.relay.Segment.$Properties {
        }

        class Segment {
            constructor(properties?: qkdd.relay.Segment.$Properties);
            $unknowns?: Uint8Array[];
            blockId: string;
            bitOffset: number;
            bitLength: number;
            static create(properties: qkdd.relay.Segment.$Shape): qkdd.relay.Segment & qkdd.relay.Segment.$Shape;
            static create(properties?: qkdd.relay.Segment.$Properties): qkdd.relay.Segment;
            static encode(message: qkdd.relay.Segment.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.Segment.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.Segment & qkdd.relay.Segment.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.Segment & qkdd.relay.Segment.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.Segment;
            static toObject(message: qkdd.relay.Segment, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Segment {
            interface $Properties {
                blockId?: (string|null);
                bitOffset?: (number|null);
                bitLength?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.Segment.$Properties;
        }

        interface IHopKeyCut extends qkdd.relay.HopKeyCut.$Properties {
        }

        class HopKeyCut {
            constructor(properties?: qkdd.relay.HopKeyCut.$Properties);
            $unknowns?: Uint8Array[];
            hopKeyId: string;
            bits: number;
            segments: qkdd.relay.Segment.$Properties[];
            static create(properties: qkdd.relay.HopKeyCut.$Shape): qkdd.relay.HopKeyCut & qkdd.relay.HopKeyCut.$Shape;
            static create(properties?: qkdd.relay.HopKeyCut.$Properties): qkdd.relay.HopKeyCut;
            static encode(message: qkdd.relay.HopKeyCut.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.HopKeyCut.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.HopKeyCut & qkdd.relay.HopKeyCut.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.HopKeyCut & qkdd.relay.HopKeyCut.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.HopKeyCut;
            static toObject(message: qkdd.relay.HopKeyCut, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace HopKeyCut {
            interface $Properties {
                hopKeyId?: (string|null);
                bits?: (number|null);
                segments?: (qkdd.relay.Segment.$Properties[]|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.HopKeyCut.$Properties;
        }

        interface IForwardHeader extends qkdd.relay.ForwardHeader.$Properties {
        }

        class ForwardHeader {
            constructor(properties?: qkdd.relay.ForwardHeader.$Properties);
            $unknowns?: Uint8Array[];
            version: number;
            relayId: string;
            nodes: string[];
            links: string[];
            hop: number;
            sizeBits: number;
            masterSae: string;
            slaveSae: string;
            static create(properties: qkdd.relay.ForwardHeader.$Shape): qkdd.relay.ForwardHeader & qkdd.relay.ForwardHeader.$Shape;
            static create(properties?: qkdd.relay.ForwardHeader.$Properties): qkdd.relay.ForwardHeader;
            static encode(message: qkdd.relay.ForwardHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.ForwardHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.ForwardHeader & qkdd.relay.ForwardHeader.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.ForwardHeader & qkdd.relay.ForwardHeader.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.ForwardHeader;
            static toObject(message: qkdd.relay.ForwardHeader, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace ForwardHeader {
            interface $Properties {
                version?: (number|null);
                relayId?: (string|null);
                nodes?: (string[]|null);
                links?: (string[]|null);
                hop?: (number|null);
                sizeBits?: (number|null);
                masterSae?: (string|null);
                slaveSae?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.ForwardHeader.$Properties;
        }

        interface IForward extends qkdd.relay.Forward.$Properties {
        }

        class Forward {
            constructor(properties?: qkdd.relay.Forward.$Properties);
            $unknowns?: Uint8Array[];
            header: Uint8Array;
            cut?: (qkdd.relay.HopKeyCut.$Properties|null);
            ciphertext: Uint8Array;
            tag: Uint8Array;
            static create(properties: qkdd.relay.Forward.$Shape): qkdd.relay.Forward & qkdd.relay.Forward.$Shape;
            static create(properties?: qkdd.relay.Forward.$Properties): qkdd.relay.Forward;
            static encode(message: qkdd.relay.Forward.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.Forward.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.Forward & qkdd.relay.Forward.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.Forward & qkdd.relay.Forward.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.Forward;
            static toObject(message: qkdd.relay.Forward, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Forward {
            interface $Properties {
                header?: (Uint8Array|null);
                cut?: (qkdd.relay.HopKeyCut.$Properties|null);
                ciphertext?: (Uint8Array|null);
                tag?: (Uint8Array|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.Forward.$Properties;
        }

        interface ICutRequest extends qkdd.relay.CutRequest.$Properties {
        }

        class CutRequest {
            constructor(properties?: qkdd.relay.CutRequest.$Properties);
            $unknowns?: Uint8Array[];
            bits: number;
            static create(properties: qkdd.relay.CutRequest.$Shape): qkdd.relay.CutRequest & qkdd.relay.CutRequest.$Shape;
            static create(properties?: qkdd.relay.CutRequest.$Properties): qkdd.relay.CutRequest;
            static encode(message: qkdd.relay.CutRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.CutRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.CutRequest & qkdd.relay.CutRequest.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.CutRequest & qkdd.relay.CutRequest.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.CutRequest;
            static toObject(message: qkdd.relay.CutRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace CutRequest {
            interface $Properties {
                bits?: (number|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.CutRequest.$Properties;
        }

        interface ICutGrant extends qkdd.relay.CutGrant.$Properties {
        }

        class CutGrant {
            constructor(properties?: qkdd.relay.CutGrant.$Properties);
            $unknowns?: Uint8Array[];
            cut?: (qkdd.relay.HopKeyCut.$Properties|null);
            static create(properties: qkdd.relay.CutGrant.$Shape): qkdd.relay.CutGrant & qkdd.relay.CutGrant.$Shape;
            static create(properties?: qkdd.relay.CutGrant.$Properties): qkdd.relay.CutGrant;
            static encode(message: qkdd.relay.CutGrant.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.CutGrant.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.CutGrant & qkdd.relay.CutGrant.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.CutGrant & qkdd.relay.CutGrant.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.CutGrant;
            static toObject(message: qkdd.relay.CutGrant, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace CutGrant {
            interface $Properties {
                cut?: (qkdd.relay.HopKeyCut.$Properties|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.CutGrant.$Properties;
        }

        interface IPrepared extends qkdd.relay.Prepared.$Properties {
        }

        class Prepared {
            constructor(properties?: qkdd.relay.Prepared.$Properties);
            $unknowns?: Uint8Array[];
            static create(properties: qkdd.relay.Prepared.$Shape): qkdd.relay.Prepared & qkdd.relay.Prepared.$Shape;
            static create(properties?: qkdd.relay.Prepared.$Properties): qkdd.relay.Prepared;
            static encode(message: qkdd.relay.Prepared.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.Prepared.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.Prepared & qkdd.relay.Prepared.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.Prepared & qkdd.relay.Prepared.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.Prepared;
            static toObject(message: qkdd.relay.Prepared, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Prepared {
            interface $Properties {
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.Prepared.$Properties;
        }

        interface ICommit extends qkdd.relay.Commit.$Properties {
        }

        class Commit {
            constructor(properties?: qkdd.relay.Commit.$Properties);
            $unknowns?: Uint8Array[];
            static create(properties: qkdd.relay.Commit.$Shape): qkdd.relay.Commit & qkdd.relay.Commit.$Shape;
            static create(properties?: qkdd.relay.Commit.$Properties): qkdd.relay.Commit;
            static encode(message: qkdd.relay.Commit.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.Commit.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.Commit & qkdd.relay.Commit.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.Commit & qkdd.relay.Commit.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.Commit;
            static toObject(message: qkdd.relay.Commit, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Commit {
            interface $Properties {
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.Commit.$Properties;
        }

        interface IAbort extends qkdd.relay.Abort.$Properties {
        }

        class Abort {
            constructor(properties?: qkdd.relay.Abort.$Properties);
            $unknowns?: Uint8Array[];
            reason: string;
            static create(properties: qkdd.relay.Abort.$Shape): qkdd.relay.Abort & qkdd.relay.Abort.$Shape;
            static create(properties?: qkdd.relay.Abort.$Properties): qkdd.relay.Abort;
            static encode(message: qkdd.relay.Abort.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.Abort.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.Abort & qkdd.relay.Abort.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.Abort & qkdd.relay.Abort.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.Abort;
            static toObject(message: qkdd.relay.Abort, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Abort {
            interface $Properties {
                reason?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.Abort.$Properties;
        }

        interface IDone extends qkdd.relay.Done.$Properties {
        }

        class Done {
            constructor(properties?: qkdd.relay.Done.$Properties);
            $unknowns?: Uint8Array[];
            committed: boolean;
            static create(properties: qkdd.relay.Done.$Shape): qkdd.relay.Done & qkdd.relay.Done.$Shape;
            static create(properties?: qkdd.relay.Done.$Properties): qkdd.relay.Done;
            static encode(message: qkdd.relay.Done.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.Done.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.Done & qkdd.relay.Done.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.Done & qkdd.relay.Done.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.Done;
            static toObject(message: qkdd.relay.Done, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Done {
            interface $Properties {
                committed?: (boolean|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.Done.$Properties;
        }

        interface IReject extends qkdd.relay.Reject.$Properties {
        }

        class Reject {
            constructor(properties?: qkdd.relay.Reject.$Properties);
            $unknowns?: Uint8Array[];
            reason: string;
            static create(properties: qkdd.relay.Reject.$Shape): qkdd.relay.Reject & qkdd.relay.Reject.$Shape;
            static create(properties?: qkdd.relay.Reject.$Properties): qkdd.relay.Reject;
            static encode(message: qkdd.relay.Reject.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.Reject.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.Reject & qkdd.relay.Reject.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.Reject & qkdd.relay.Reject.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.Reject;
            static toObject(message: qkdd.relay.Reject, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace Reject {
            interface $Properties {
                reason?: (string|null);
                $unknowns?: Uint8Array[];
            }
            type $Shape = qkdd.relay.Reject.$Properties;
        }

        interface IRelayMessage extends qkdd.relay.RelayMessage.$Properties {
        }

        class RelayMessage {
            constructor(properties?: qkdd.relay.RelayMessage.$Properties);
            $unknowns?: Uint8Array[];
            version: number;
            relayId: string;
            hop: number;
            link: string;
            forward?: (qkdd.relay.Forward.$Properties|null);
            cutRequest?: (qkdd.relay.CutRequest.$Properties|null);
            cutGrant?: (qkdd.relay.CutGrant.$Properties|null);
            prepared?: (qkdd.relay.Prepared.$Properties|null);
            commit?: (qkdd.relay.Commit.$Properties|null);
            abort?: (qkdd.relay.Abort.$Properties|null);
            done?: (qkdd.relay.Done.$Properties|null);
            reject?: (qkdd.relay.Reject.$Properties|null);
            body?: ("forward"|"cutRequest"|"cutGrant"|"prepared"|"commit"|"abort"|"done"|"reject");
            static create(properties: qkdd.relay.RelayMessage.$Shape): qkdd.relay.RelayMessage & qkdd.relay.RelayMessage.$Shape;
            static create(properties?: qkdd.relay.RelayMessage.$Properties): qkdd.relay.RelayMessage;
            static encode(message: qkdd.relay.RelayMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static encodeDelimited(message: qkdd.relay.RelayMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qkdd.relay.RelayMessage & qkdd.relay.RelayMessage.$Shape;
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): qkdd.relay.RelayMessage & qkdd.relay.RelayMessage.$Shape;
            static verify(message: { [k: string]: any }): (string|null);
            static fromObject(object: { [k: string]: any }): qkdd.relay.RelayMessage;
            static toObject(message: qkdd.relay.RelayMessage, options?: $protobuf.IConversionOptions): { [k: string]: any };
            toJSON(): { [k: string]: any };
            static getTypeUrl(prefix?: string): string;
        }

        namespace RelayMessage {
            interface $Properties {
                version?: (number|null);
                relayId?: (string|null);
                hop?: (number|null);
                link?: (string|null);
                forward?: (qkdd.relay.Forward.$Properties|null);
                cutRequest?: (qkdd.relay.CutRequest.$Properties|null);
                cutGrant?: (qkdd.relay.CutGrant.$Properties|null);
                prepared?: (qkdd.relay.Prepared.$Properties|null);
                commit?: (qkdd.relay.Commit.$Properties|null);
                abort?: (qkdd.relay.Abort.$Properties|null);
                done?: (qkdd.relay.Done.$Properties|null);
                reject?: (qkdd.relay.Reject.$Properties|null);
                body?: ("forward"|"cutRequest"|"cutGrant"|"prepared"|"commit"|"abort"|"done"|"reject");
                $unknowns?: Uint8Array[];
            }
            type $Shape = {
              version?: number|null;
              relayId?: string|null;
              hop?: number|null;
              link?: string|null;
              forward?: qkdd.relay.Forward.$Shape|null;
              cutRequest?: qkdd.relay.CutRequest.$Shape|null;
              cutGrant?: qkdd.relay.CutGrant.$Shape|null;
              prepared?: qkdd.relay.Prepared.$Shape|null;
              commit?: qkdd.relay.Commit.$Shape|null;
              abort?: qkdd.relay.Abort.$Shape|null;
              done?: qkdd.relay.Done.$Shape|null;
              reject?: qkdd.relay.Reject.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; forward?: null; cutRequest?: null; cutGrant?: null; prepared?: null; commit?: null; abort?: null; done?: null; reject?: null }|{ body?: "forward"; forward: qkdd.relay.Forward.$Shape; cutRequest?: null; cutGrant?: null; prepared?: null; commit?: null; abort?: null; done?: null; reject?: null }|{ body?: "cutRequest"; forward?: null; cutRequest: qkdd.relay.CutRequest.$Shape; cutGrant?: null; prepared?: null; commit?: null; abort?: null; done?: null; reject?: null }|{ body?: "cutGrant"; forward?: null; cutRequest?: null; cutGrant: qkdd.relay.CutGrant.$Shape; prepared?: null; commit?: null; abort?: null; done?: null; reject?: null }|{ body?: "prepared"; forward?: null; cutRequest?: null; cutGrant?: null; prepared: qkdd.relay.Prepared.$Shape; commit?: null; abort?: null; done?: null; reject?: null }|{ body?: "commit"; forward?: null; cutRequest?: null; cutGrant?: null; prepared?: null; commit: qkdd.relay.Commit.$Shape; abort?: null; done?: null; reject?: null }|{ body?: "abort"; forward?: null; cutRequest?: null; cutGrant?: null; prepared?: null; commit?: null; abort: qkdd.relay.Abort.$Shape; done?: null; reject?: null }|{ body?: "done"; forward?: null; cutRequest?: null; cutGrant?: null; prepared?: null; commit?: null; abort?: null; done: qkdd.relay.Done.$Shape; reject?: null }|{ body?: "reject"; forward?: null; cutRequest?: null; cutGrant?: null; prepared?: null; commit?: null; abort?: null; done?: null; reject: qkdd.relay.Reject.$Shape })
            );
        }
    }
}
