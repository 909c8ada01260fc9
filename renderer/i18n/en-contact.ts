import type { ContactMessages } from './nb-contact';

/** English for correcting a caller's contact details (D3). Typed against nb-contact.ts. */
export const enContact: ContactMessages = {
  contact: {
    action: 'Edit contact details',
    actionKeys: 'Alt+K',
    title: 'Edit contact details of {{name}}',
    intro: 'Correct the address, email or phone number as the caller gives it. The change is kept with who made it and when, and goes to billing.',
    identityChecked: 'I have verified who the caller is',
    identityHelp: 'Check at least two of member number, address, email and phone before you change anything.',
    mustCheckIdentity: 'Tick this once you have verified who the caller is.',
    channel: 'How did the member get in touch?',
    address: 'Address',
    postcode: 'Postcode',
    city: 'Place',
    email: 'Email',
    phone: 'Phone',
    emailHelp: 'Leave it empty to remove the email address.',
    phoneHelp: 'A Norwegian number, 8 digits. Leave it empty to remove the number.',
    save: 'Save changes',
    saved: 'Contact details of {{name}} changed: {{fields}}.',
    unchanged: 'Nothing changed – the details were the same already.',
    fieldNames: {
      address: 'address',
      postcode: 'postcode',
      city: 'place',
      email: 'email',
      phone: 'phone',
    },
    problem: {
      required: 'Must be filled in.',
      addressLong: 'At most 120 characters.',
      postcodeFormat: 'Must be exactly 4 digits.',
      cityLong: 'At most 60 characters.',
      cityFormat: 'Write the place name in letters.',
      emailInvalid: 'Not a valid email address.',
      emailLong: 'At most 254 characters.',
      phoneFormat: 'Enter a Norwegian number of 8 digits, for example 912 34 567.',
      phoneNotNorwegian: 'Only Norwegian numbers (+47) can be registered.',
    },
    timeline: {
      filter: 'Contact details',
      title: 'Contact details changed',
      fields: 'Changed: {{fields}}',
    },
  },
};
