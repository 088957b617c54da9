export enum UnitType {
  Country = 'country',
  Province = 'province',
  Department = 'department',
  /** Abolished in 2025; kept for history. */
  District = 'district',
  Commune = 'commune',
  SocioPoliticalOrg = 'socio_political_org',
  PressAgency = 'press_agency',
  Other = 'other',
}

export const ROOT_UNIT_CODE = 'VN';
