export const sbpsProbe = 2;
