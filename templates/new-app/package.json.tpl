{
  "name": "__APP_NAME__",
  "version": "0.1.0",
  "private": true,
  "type": "commonjs",
  "engines": {
    "node": ">=20.19"
  },
  "scripts": {
    "dev": "ss dev",
    "build": "ss build",
    "start": "ss start",
    "test": "jest",
    "typecheck": "tsc"
  },
  "dependencies": {
    "class-validator": "^0.15.1",
    "reflect-metadata": "^0.2.2",
    "socketstream": "(set by ss new)"
  },
  "devDependencies": {
    "@swc/core": "^1.16.22",
    "@swc/jest": "^0.2.39",
    "@types/jest": "^30.0.0",
    "@types/node": "^20.19.43",
    "jest": "^30.5.2",
    "typescript": "~6.0.3"
  }
}
