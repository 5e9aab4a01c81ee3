'use strict';
module.exports = { methodGenerator: require('./method/generator.cjs') };
