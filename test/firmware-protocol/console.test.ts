import { describe, expect, it } from 'vitest';
import {
  CONSOLE_MAX_LINE_BYTES,
  ConsoleCommand,
  ConsoleLineReader,
  encodeConsoleLine,
  formatConsoleError,
  formatIdn,
  normalizeCommand,
  parseConsoleError,
  parseIdn,
} from '../../firmware-protocol/index.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('console helpers', () => {
  it('formats and parses *IDN? answers', () => {
    const id = { vendor: 'QKDLab', model: 'TT-16', serialNumber: 'SN0042', firmwareVersion: '1.3.0' };
    expect(formatIdn(id)).toBe('QKDLab,TT-16,SN0042,1.3.0');
    expect(parseIdn('QKDLab,TT-16,SN0042,1.3.0\r')).toEqual(id);
    expect(parseIdn(' QKDLab , TT-16 ,SN0042,1.3.0 ')).toEqual(id);
  });

  it('rejects malformed IDN answers and fields with commas', () => {
    expect(parseIdn('QKDLab,TT-16,SN0042')).toBeNull();
    expect(parseIdn('a,b,c,d,e')).toBeNull();
    expect(parseIdn(',TT-16,SN,1')).toBeNull();
    expect(() => formatIdn({ vendor: 'A,B', model: 'm', serialNumber: 's', firmwareVersion: 'f' })).toThrow(RangeError);
  });

  it('normalizes commands so that case and spacing do not matter', () => {
    expect(normalizeCommand('  syst:mode   bin ')).toBe(ConsoleCommand.EnterBinary);
    expect(normalizeCommand('*idn?')).toBe(ConsoleCommand.Identify);
  });

  it('formats and parses SCPI-style errors', () => {
    const line = formatConsoleError(-113, 'Undefined "header"');
    expect(line).toBe(`ERR -113,"Undefined 'header'"`);
    expect(parseConsoleError(line)).toEqual({ code: -113, text: "Undefined 'header'" });
    expect(parseConsoleError('OK')).toBeNull();
  });

  it('splits lines on CR, LF and CR LF, across chunk boundaries', () => {
    const r = new ConsoleLineReader();
    expect(r.push(ascii('*IDN'))).toEqual([]);
    expect(r.push(ascii('?\r'))).toEqual(['*IDN?']);
    expect(r.push(ascii('\nOK\nA\r\rB\r\n'))).toEqual(['OK', 'A', '', 'B']);
    expect(r.push(encodeConsoleLine('SYST:MODE BIN'))).toEqual(['SYST:MODE BIN']);
  });

  it('drops an over-long line and counts it, then reads the next', () => {
    const r = new ConsoleLineReader();
    expect(r.push(new Uint8Array(CONSOLE_MAX_LINE_BYTES + 5).fill(0x41))).toEqual([]);
    expect(r.push(ascii('\r\nOK\r\n'))).toEqual(['OK']);
    expect(r.droppedLines).toBe(1);
  });
});
