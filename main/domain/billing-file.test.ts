import { describe, expect, it } from 'vitest';
import { parseBillingFile, readHeader, textLines, type ParsedBillingFile } from './billing-file.js';

const TODAY = '2026-11-05';

function parsed(kind: 'customers' | 'subscriptions' | 'invoices', text: string): ParsedBillingFile {
  const r = parseBillingFile(kind, text, TODAY);
  if (!('rows' in r)) throw new Error(`header refused: missing ${r.missing.join(', ')}`);
  return r;
}

const CUSTOMERS_HEADER = 'member_no;first_name;last_name;address;postcode;city;email;phone;birth_date';

describe('D1: the billing files’ format', () => {
  it('D1: a customers file with a BOM and CRLF, header names in any case and order, normalised by the desk’s contact rules', () => {
    const text = '\uFEFFMEMBER_NO;Last_Name;first_name;address;postcode;city;email;phone;birth_date\r\n910001;Nordmann;Kari;Storgata 1;0150;Oslo;Kari@Example.NO;912 34 567;1980-02-29\r\n';
    const f = parsed('customers', text);
    expect(f.total).toBe(1);
    expect(f.rejections).toEqual([]);
    expect(f.rows).toEqual([
      { kind: 'customers', lineNo: 2, memberNo: 910001, firstName: 'Kari', lastName: 'Nordmann', address: 'Storgata 1', postcode: '0150', city: 'Oslo', email: 'kari@example.no', phone: '+4791234567', birthDate: '1980-02-29' },
    ]);
    expect(f.header.delimiter).toBe(';');
  });

  it('D1: comma-delimited with LF, quoted fields, Norwegian dates, empty email and phone', () => {
    const text = 'member_no,first_name,last_name,address,postcode,city,email,phone,birth_date\n910002,Ola,Hansen,"Fjordveien 2, leil. 3",8400,Sortland,,,01.12.1975\n';
    const f = parsed('customers', text);
    expect(f.header.delimiter).toBe(',');
    expect(f.rows[0]).toMatchObject({ address: 'Fjordveien 2, leil. 3', email: null, phone: null, birthDate: '1975-12-01' });
  });

  it('D1: lines end with CR alone too, and blank lines are not rows; line numbers count every line of the file', () => {
    expect([...textLines('a\r\nb\nc\rd')]).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
    const text = `${CUSTOMERS_HEADER}\n\n910001;Kari;Nordmann;Storgata 1;0150;Oslo;;;\n\n910002;Ola;Hansen;Storgata 2;01500;Oslo;;;\n`;
    const f = parsed('customers', text);
    expect(f.total).toBe(2);
    expect(f.rows.map((r) => r.lineNo)).toEqual([3]);
    expect(f.rejections).toEqual([expect.objectContaining({ lineNo: 5, reason: 'bad_postcode', field: 'postcode' })]);
  });

  it('D3: every bad customers line comes back with its line number and reason', () => {
    const lines = [
      CUSTOMERS_HEADER,
      '910001;Kari;Nordmann;Storgata 1;0150;Oslo;kari@example.no;91234567;1980-01-01', // 2 good
      '91x001;Kari;Nordmann;Storgata 1;0150;Oslo;;;', // 3 member number
      '910003;;Nordmann;Storgata 1;0150;Oslo;;;', // 4 name
      '910004;Kari;Nordmann;;0150;Oslo;;;', // 5 address required
      '910005;Kari;Nordmann;Storgata 1;150;Oslo;;;', // 6 postcode
      '910006;Kari;Nordmann;Storgata 1;0150;0150;;;', // 7 place
      '910007;Kari;Nordmann;Storgata 1;0150;Oslo;kari@;;', // 8 email
      '910008;Kari;Nordmann;Storgata 1;0150;Oslo;;1234;', // 9 phone
      '910009;Kari;Nordmann;Storgata 1;0150;Oslo;;+46 70 123 45 67;', // 10 foreign phone
      '910010;Kari;Nordmann;Storgata 1;0150;Oslo;;;31.02.1980', // 11 bad date
      '910011;Kari;Nordmann;Storgata 1;0150;Oslo;;;2027-01-01', // 12 born tomorrow and later
      '910012;Kari;Nordmann;Storgata 1;0150;Oslo;;', // 13 a column short
    ];
    const f = parsed('customers', lines.join('\n'));
    expect(f.rows.map((r) => r.lineNo)).toEqual([2]);
    expect(f.rejections.map((r) => [r.lineNo, r.reason, r.field ?? null])).toEqual([
      [3, 'bad_member_number', 'member_no'],
      [4, 'missing_name', 'first_name'],
      [5, 'bad_address', 'address'],
      [6, 'bad_postcode', 'postcode'],
      [7, 'bad_city', 'city'],
      [8, 'bad_email', 'email'],
      [9, 'bad_phone', 'phone'],
      [10, 'bad_phone', 'phone'],
      [11, 'bad_date', 'birth_date'],
      [12, 'future_date', 'birth_date'],
      [13, 'bad_columns', null],
    ]);
    expect(f.rejections[0]?.text).toBe('91x001;Kari;Nordmann;Storgata 1;0150;Oslo;;;');
  });

  it('D3: every bad subscriptions line comes back with its line number and reason, a cancellation before the start among them', () => {
    const lines = [
      'subscription_id;member_no;product;start_date;cancellation_date;next_delivery_date',
      'S-1;910001;Kosttilskudd;2026-01-01;;2026-12-01', // 2 good
      ';910001;Kosttilskudd;2026-01-01;;', // 3 id
      'S-3;910001;;2026-01-01;;', // 4 product
      'S-4;910001;Kosttilskudd;;;', // 5 start required
      'S-5;910001;Kosttilskudd;2026-13-01;;', // 6 bad start
      'S-6;910001;Kosttilskudd;2026-03-01;2026-02-28;', // 7 cancelled before the start
      'S-7;910001;Kosttilskudd;2026-12-01;;', // 8 starts after today
      'S-8;910001;Kosttilskudd;2026-01-01;2026-12-01;', // 9 cancelled after today
      'S-9;910001;Kosttilskudd;01.03.2026;15.10.2026;01.12.2026', // 10 good, Norwegian dates
    ];
    const f = parsed('subscriptions', lines.join('\r\n'));
    expect(f.rows).toEqual([
      { kind: 'subscriptions', lineNo: 2, memberNo: 910001, subscriptionId: 'S-1', product: 'Kosttilskudd', startDate: '2026-01-01', cancellationDate: null, nextDeliveryDate: '2026-12-01' },
      { kind: 'subscriptions', lineNo: 10, memberNo: 910001, subscriptionId: 'S-9', product: 'Kosttilskudd', startDate: '2026-03-01', cancellationDate: '2026-10-15', nextDeliveryDate: '2026-12-01' },
    ]);
    expect(f.rejections.map((r) => [r.lineNo, r.reason, r.field ?? null])).toEqual([
      [3, 'bad_subscription_id', 'subscription_id'],
      [4, 'missing_product', 'product'],
      [5, 'bad_date', 'start_date'],
      [6, 'bad_date', 'start_date'],
      [7, 'cancelled_before_start', 'cancellation_date'],
      [8, 'future_date', 'start_date'],
      [9, 'future_date', 'cancellation_date'],
    ]);
  });

  it('D3: every bad invoices line comes back with its line number and reason', () => {
    const lines = [
      'member_no,invoice_no,invoice_date,amount_ore,due_date,paid_date',
      '910001,F-1,2026-10-01,49900,2026-10-15,', // 2 good
      '910001,,2026-10-01,49900,2026-10-15,', // 3 number
      '910001,F-3,2026-10-01,499.00,2026-10-15,', // 4 amount in øre, whole
      '910001,F-4,2026-10-01,49900,2026-09-30,', // 5 due before the invoice
      '910001,F-5,2026-10-01,49900,2026-10-15,2026-11-06', // 6 paid after today
      '910001,F-6,1.10.2026,49900,2026-10-15,', // 7 date
      '910001,F-7,2026-10-01,49900,2026-10-15,2026-10-10', // 8 good, paid
    ];
    const f = parsed('invoices', lines.join('\n'));
    expect(f.rows.map((r) => r.lineNo)).toEqual([2, 8]);
    expect(f.rows[1]).toMatchObject({ invoiceNo: 'F-7', amountOre: 49900, paidDate: '2026-10-10' });
    expect(f.rejections.map((r) => [r.lineNo, r.reason, r.field ?? null])).toEqual([
      [3, 'bad_invoice_no', 'invoice_no'],
      [4, 'bad_amount', 'amount_ore'],
      [5, 'due_before_invoice', 'due_date'],
      [6, 'future_date', 'paid_date'],
      [7, 'bad_date', 'invoice_date'],
    ]);
  });

  it('D1: a header of another kind names the columns it lacks; the delimiter is read from the header line', () => {
    const r = readHeader('subscriptions', CUSTOMERS_HEADER);
    expect(r).toMatchObject({ ok: false, missing: ['subscription_id', 'product', 'start_date', 'cancellation_date', 'next_delivery_date'] });
    expect(parseBillingFile('invoices', '', TODAY)).toMatchObject({ missing: ['member_no', 'invoice_no', 'invoice_date', 'amount_ore', 'due_date', 'paid_date'] });
    expect(readHeader('invoices', 'member_no,invoice_no,invoice_date,amount_ore,due_date,paid_date')).toMatchObject({ ok: true, header: { delimiter: ',' } });
  });
});
